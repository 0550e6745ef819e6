using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners;

/// <summary>The result of every learner mutation: the learner as they are now (within your scope), or what was wrong.</summary>
public sealed record LearnerPayload(LearnerProfile? Learner, IReadOnlyList<UserError> Errors) : IMutationPayload<LearnerPayload>
{
    public static LearnerPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class LearnerPayloadGraphType : ObjectGraphType<LearnerPayload>
{
    public LearnerPayloadGraphType()
    {
        Name = "LearnerPayload";
        Field(x => x.Learner, type: typeof(LearnerGraphType)).Description(
            "The learner after the change; null when refused or now outside your scope.");
        this.ErrorsField();
    }
}
