using Emis.Learning.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Microsoft.Extensions.Logging;

namespace Emis.Learning.Figures;

/// <summary>Live mark figures for this node's GraphQL subscribers (<see cref="LiveFigures"/>): recomputed when a section's marks change.</summary>
public sealed class MarkFiguresFeed(MarkFiguresQueries queries, Platform.EventLog.FigureSequences sequences, ILogger<MarkFiguresFeed> logger)
{
    private readonly LiveFigures _live = new(logger);

    public void Changed(string jurisdiction) => _live.Changed(jurisdiction);

    public IObservable<MarkFiguresAnswer> Watch(Caller caller, string schoolYear, string term, IReadOnlyList<MarkDimension> groupBy,
        MarkFiguresFilter filter) =>
        _live.Watch(caller.Jurisdiction, async () => await queries.FiguresAsync(caller, schoolYear, term, groupBy, filter, null,
                await sequences.ResolveAsync(caller.Jurisdiction, null, null, CancellationToken.None), CancellationToken.None),
            (last, next) => last.Rows.SequenceEqual(next.Rows));
}

/// <summary>Marks changed (committed: the message arrives on a durable local queue): live mark figures of the jurisdiction are recomputed.</summary>
public static class MarkFiguresChangedHandler
{
    public static void Handle(MarksChangedV1 message, MarkFiguresFeed feed) => feed.Changed(message.Jurisdiction);
}
