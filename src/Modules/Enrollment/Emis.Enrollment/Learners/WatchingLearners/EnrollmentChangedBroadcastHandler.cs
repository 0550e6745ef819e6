using Emis.Enrollment.Contracts;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Statistics;
using Emis.Platform.GraphQL;
using Marten;

namespace Emis.Enrollment.Learners.WatchingLearners;

/// <summary>
/// Receives Enrollment's own integration event from the durable local queue (so only committed changes are seen):
/// refreshes live statistics and hands the learner's current profile to this node's subscribers.
/// </summary>
public static class EnrollmentChangedBroadcastHandler
{
    public static Task Handle(EnrollmentChangedV1 message, IDocumentStore store, LiveFeed<LearnerChange> learners,
        EnrollmentStatisticsFeed statistics, CancellationToken ct)
    {
        statistics.Changed(message.Jurisdiction, message);
        return learners.PublishCurrentAsync<LearnerProfile>(store, message.Jurisdiction, message.LearnerId,
            learner => new LearnerChange(message.Jurisdiction, message.Change, learner), ct);
    }
}
