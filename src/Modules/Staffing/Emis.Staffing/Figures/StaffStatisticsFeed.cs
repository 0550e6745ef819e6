using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Staffing.Contracts;
using Microsoft.Extensions.Logging;

namespace Emis.Staffing.Figures;

/// <summary>
/// Live staff figures for GraphQL subscribers on this node: the figures first, then the recomputed figures whenever a
/// change in the jurisdiction (staff or enrolment) changes them (<see cref="LiveFigures"/>).
/// </summary>
public sealed class StaffStatisticsFeed(StaffFiguresQueries queries, ILogger<StaffStatisticsFeed> logger)
{
    private readonly LiveFigures _live = new(logger);

    /// <summary>Something changed in the jurisdiction: recompute every subscriber's figures there.</summary>
    public void Changed(string jurisdiction) => _live.Changed(jurisdiction);

    public IObservable<StaffStatistics> Watch(
        Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy, StaffStatisticsFilter filter) =>
        _live.Watch(caller.Jurisdiction, () => queries.StatisticsAsync(caller, schoolYear, groupBy, filter, null, null, CancellationToken.None),
            (last, next) => last.Rows.SequenceEqual(next.Rows));
}

/// <summary>
/// Staff or enrolment changed (committed: both arrive on durable local queues): live staff figures of the jurisdiction
/// are recomputed for this node's subscribers.
/// </summary>
public static class StaffFiguresChangedHandler
{
    public static void Handle(StaffChangedV1 message, StaffStatisticsFeed feed) => feed.Changed(message.Jurisdiction);

    public static void Handle(EnrollmentChangedV1 message, StaffStatisticsFeed feed) => feed.Changed(message.Jurisdiction);
}
