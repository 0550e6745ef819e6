using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.WatchingLearners;

internal static class LearnerChangedSubscription
{
    public static void Add(ObjectGraphType subscription) =>
        subscription.LiveFeedField<LearnerChangeGraphType, LearnerChange>("learnerChanged", (context, caller) =>
            {
                var id = context.GetArgument<Guid>("id");
                return change => change.Learner.Id == id && LearnerQueries.CanSee(caller, change.Learner);
            })
            .Description("Every change to one learner in your scope, as it is committed.")
            .Argument<NonNullGraphType<IdGraphType>>("id");
}
