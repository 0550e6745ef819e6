using Emis.Platform.Commands;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.GraphQL;

/// <summary>
/// The one path every mutation field takes: ask the command's <see cref="ICommandPolicy{TCommand}"/> whether the caller
/// may send it, send it through Wolverine (<see cref="CommandDispatcher"/>), turn refusals into the payload's
/// <c>errors</c>, and on success build the payload from what was written.
/// </summary>
public static class MutationRunner
{
    /// <summary>Runs a command whose handler answers with nothing; <paramref name="succeeded"/> reads the result back.</summary>
    public static async Task<TPayload> RunAsync<TCommand, TPayload>(IResolveFieldContext context, TCommand command,
        Func<Task<TPayload>> succeeded, string? reason = null)
        where TCommand : notnull
        where TPayload : IMutationPayload<TPayload>
    {
        if (await RefusalAsync(context, command) is { } refused) return TPayload.Refused([refused]);
        var outcome = await Dispatcher(context).SendAsync(command, context.EmisContext().CommandContext(reason), context.CancellationToken);
        return outcome.Succeeded ? await succeeded() : TPayload.Refused(outcome.Errors);
    }

    /// <summary>Runs a command whose handler answers with a <typeparamref name="TResult"/>, handed to <paramref name="succeeded"/>.</summary>
    public static async Task<TPayload> RunAsync<TCommand, TResult, TPayload>(IResolveFieldContext context, TCommand command,
        Func<TResult?, Task<TPayload>> succeeded, string? reason = null)
        where TCommand : notnull
        where TPayload : IMutationPayload<TPayload>
    {
        if (await RefusalAsync(context, command) is { } refused) return TPayload.Refused([refused]);
        var outcome = await Dispatcher(context).SendAsync<TResult>(command, context.EmisContext().CommandContext(reason), context.CancellationToken);
        return outcome.Succeeded ? await succeeded(outcome.Result) : TPayload.Refused(outcome.Errors);
    }

    private static Task<UserError?> RefusalAsync<TCommand>(IResolveFieldContext context, TCommand command) where TCommand : notnull
    {
        // Fails closed: a command a mutation sends without saying who may send it is a programming error, not an open door.
        var policy = context.RequestServices!.GetService<ICommandPolicy<TCommand>>()
            ?? throw new InvalidOperationException(
                $"No ICommandPolicy<{typeof(TCommand).Name}> is registered: every command a mutation sends says who may send it.");
        return policy.AuthorizeAsync(context.Caller(), command, context.CancellationToken);
    }

    private static CommandDispatcher Dispatcher(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<CommandDispatcher>();
}
