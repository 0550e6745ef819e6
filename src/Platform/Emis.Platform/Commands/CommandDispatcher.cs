using Microsoft.Extensions.Logging;
using Wolverine;

namespace Emis.Platform.Commands;

/// <summary>
/// Sends a command through Wolverine for a jurisdiction with its metadata, and turns refusals and concurrency
/// conflicts into <see cref="UserError"/>s. GraphQL mutations, HTTP endpoints and importers all send this way.
/// </summary>
public sealed partial class CommandDispatcher(IMessageBus bus, ILogger<CommandDispatcher> logger)
{
    public async Task<CommandOutcome> SendAsync(object command, CommandContext context, CancellationToken cancellationToken = default)
    {
        var outcome = await SendAsync(command, context, async options =>
        {
            await bus.InvokeAsync(command, options, cancellationToken);
            return true;
        });
        return outcome.Succeeded ? CommandOutcome.Success : new CommandOutcome(outcome.Errors);
    }

    /// <summary>Sends a command whose handler answers with a <typeparamref name="T"/> (the first item it returns).</summary>
    public Task<CommandOutcome<T>> SendAsync<T>(object command, CommandContext context, CancellationToken cancellationToken = default) =>
        SendAsync(command, context, options => bus.InvokeAsync<T>(command, options, cancellationToken));

    private async Task<CommandOutcome<T>> SendAsync<T>(object command, CommandContext context, Func<DeliveryOptions, Task<T>> invoke)
    {
        var options = new DeliveryOptions { TenantId = context.Jurisdiction, CorrelationId = context.CorrelationId };
        options.Headers[CommandContext.ActorHeader] = context.Actor;
        options.Headers[CommandContext.SourceHeader] = context.Source;
        if (!string.IsNullOrWhiteSpace(context.Reason)) options.Headers[CommandContext.ReasonHeader] = context.Reason;
        bus.TenantId = context.Jurisdiction;

        try
        {
            return new CommandOutcome<T>(await invoke(options), []);
        }
        catch (Exception ex) when (Find<CommandRejectedException>(ex) is { } rejected)
        {
            return new CommandOutcome<T>(default, rejected.Errors);
        }
        catch (Exception ex) when (Find<Marten.Exceptions.ExistingStreamIdCollisionException>(ex) is not null)
        {
            return new CommandOutcome<T>(default, [new UserError(ErrorCodes.Duplicate, null,
                "This record already exists (someone registered it at the same moment).")]);
        }
        // A stale expectedVersion, or a write that waited on the stream's lock (ExistingStreams) until it gave up: either
        // way someone else is changing the record, and nothing of this command was written.
        catch (Exception ex) when (Find<JasperFx.ConcurrencyException>(ex) is not null
                                   || Find<Marten.Exceptions.StreamLockedException>(ex) is not null)
        {
            LogConflict(logger, command.GetType().Name);
            return new CommandOutcome<T>(default, [new UserError(ErrorCodes.ConcurrencyConflict, "expectedVersion",
                "Someone else changed this record since you read it. Reload it and try again; nothing was overwritten.")]);
        }
    }

    private static T? Find<T>(Exception? ex) where T : Exception => ex switch
    {
        null => null,
        T match => match,
        AggregateException agg => agg.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null),
        _ => Find<T>(ex.InnerException),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} refused: concurrency conflict")]
    private static partial void LogConflict(ILogger logger, string command);
}
