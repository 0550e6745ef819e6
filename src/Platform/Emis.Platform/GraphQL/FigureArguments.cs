using Emis.Platform.EventLog;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.GraphQL;

/// <summary>The time-travel arguments every figures query takes — asOf, asOfSequence, checkpoint — read and resolved alike.</summary>
public static class FigureArguments
{
    public static FieldBuilder<TSource, TReturn> TimeTravelArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<DateTimeOffsetGraphType>("asOf")
        .Argument<LongGraphType>("asOfSequence", "An event sequence number, such as the sequence of an earlier answer.")
        .Argument<StringGraphType>("checkpoint", "A named checkpoint (nameCheckpoint): the figures as of its sequence.");

    /// <summary>The instant asked for (for ages and labels) and the sequence number the figures are computed at.</summary>
    public static async Task<(DateTimeOffset? AsOf, long Sequence)> ResolveAsync(IResolveFieldContext context)
    {
        var jurisdiction = context.Caller().Jurisdiction;
        var asOf = context.GetArgument<DateTimeOffset?>("asOf");
        var sequence = context.GetArgument<long?>("asOfSequence");
        var checkpoint = context.GetArgument<string?>("checkpoint");
        if (new object?[] { asOf, sequence, checkpoint }.Count(a => a is not null) > 1)
        {
            throw new ExecutionError("Give one of asOf, asOfSequence and checkpoint, not several.") { Code = "INVALID_ARGUMENT" };
        }
        if (sequence < 0) throw new ExecutionError("asOfSequence: a sequence number is 0 or more.") { Code = "INVALID_ARGUMENT" };
        var services = context.RequestServices!;
        if (checkpoint is not null)
        {
            sequence = await services.GetRequiredService<ICheckpointResolver>().ResolveAsync(jurisdiction, checkpoint, context.CancellationToken)
                ?? throw new ExecutionError($"checkpoint: there is no checkpoint named '{checkpoint}' in this jurisdiction.") { Code = "NOT_FOUND" };
        }
        try
        {
            return (asOf, await services.GetRequiredService<FigureSequences>().ResolveAsync(jurisdiction, asOf, sequence, context.CancellationToken));
        }
        catch (FigureSequenceNotSettledException e)
        {
            throw new ExecutionError(e.Message) { Code = "SEQUENCE_NOT_SETTLED" };
        }
    }
}
