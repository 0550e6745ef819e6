using Emis.Assets.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Microsoft.Extensions.Logging;

namespace Emis.Assets.Figures;

/// <summary>Live asset figures for this node's GraphQL subscribers (<see cref="LiveFigures"/>): recomputed when assets change.</summary>
public sealed class AssetFiguresFeed(AssetFiguresQueries queries, Platform.EventLog.FigureSequences sequences, ILogger<AssetFiguresFeed> logger)
{
    private readonly LiveFigures _live = new(logger);

    public void Changed(string jurisdiction) => _live.Changed(jurisdiction);

    public IObservable<AssetFiguresAnswer> Watch(Caller caller, string schoolYear, IReadOnlyList<AssetDimension> groupBy,
        AssetFiguresFilter filter) =>
        _live.Watch(caller.Jurisdiction, async () => await queries.FiguresAsync(caller, schoolYear, groupBy, filter, null,
                await sequences.ResolveAsync(caller.Jurisdiction, null, null, CancellationToken.None), CancellationToken.None),
            (last, next) => last.Rows.SequenceEqual(next.Rows));
}

/// <summary>Assets changed (committed: the message arrives on a durable local queue): live asset figures of the jurisdiction are
/// recomputed.</summary>
public static class AssetFiguresChangedHandler
{
    public static void Handle(AssetsChangedV1 message, AssetFiguresFeed feed) => feed.Changed(message.Jurisdiction);
}

/// <summary>Enrolments changed: learners per device moved, so live asset figures of the jurisdiction are recomputed.</summary>
public static class AssetFiguresEnrollmentHandler
{
    public static void Handle(Emis.Enrollment.Contracts.EnrollmentChangedV1 message, AssetFiguresFeed feed) => feed.Changed(message.Jurisdiction);
}
