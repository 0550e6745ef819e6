using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.WatchingLearners;

/// <summary>A change pushed to a learner's subscribers: what happened and the learner as they are now.</summary>
public sealed record LearnerChange(string Jurisdiction, string Change, LearnerProfile Learner) : ILiveChange;

public sealed class LearnerChangeGraphType : ObjectGraphType<LearnerChange>
{
    public LearnerChangeGraphType()
    {
        Name = "LearnerChange";
        Field(x => x.Change).Description("registered, enrolled, transferred, withdrawn or outcome_recorded");
        Field(x => x.Learner, type: typeof(NonNullGraphType<LearnerGraphType>));
    }
}
