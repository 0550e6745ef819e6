using Emis.Enrollment.Contracts;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Statistics;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.WatchingLearners;

/// <summary>A change pushed to a learner's subscribers: what happened and the learner as they are now.</summary>
public sealed record LearnerChange(string Jurisdiction, string Change, LearnerProfile Learner);

/// <summary>
/// Receives Enrollment's own integration event from the durable local queue (so only committed changes are seen):
/// refreshes live statistics and hands the learner's current profile to this node's subscribers.
/// </summary>
public static class EnrollmentChangedBroadcastHandler
{
    public static async Task Handle(EnrollmentChangedV1 message, IDocumentStore store, LiveFeed<LearnerChange> learners,
        EnrollmentStatisticsFeed statistics, CancellationToken ct)
    {
        statistics.Changed(message.Jurisdiction, message);
        if (learners.SubscriberCount == 0) return;
        await using var session = store.QuerySession(message.Jurisdiction);
        var learner = await session.LoadAsync<LearnerProfile>(message.LearnerId, ct);
        if (learner is not null) learners.Publish(new LearnerChange(message.Jurisdiction, message.Change, learner));
    }
}

public sealed class LearnerChangeGraphType : ObjectGraphType<LearnerChange>
{
    public LearnerChangeGraphType()
    {
        Name = "LearnerChange";
        Field(x => x.Change).Description("registered, enrolled, transferred, withdrawn or outcome_recorded");
        Field(x => x.Learner, type: typeof(NonNullGraphType<LearnerGraphType>));
    }
}

internal static class LearnerChangedSubscription
{
    public static void Add(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<LearnerChangeGraphType>, LearnerChange>("learnerChanged")
            .Description("Every change to one learner in your scope, as it is committed.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStream(context =>
            {
                var caller = context.Caller();
                var id = context.GetArgument<Guid>("id");
                return context.RequestServices!.GetRequiredService<LiveFeed<LearnerChange>>().Where(change =>
                    change.Jurisdiction == caller.Jurisdiction && change.Learner.Id == id && LearnerQueries.CanSee(caller, change.Learner));
            });
}
