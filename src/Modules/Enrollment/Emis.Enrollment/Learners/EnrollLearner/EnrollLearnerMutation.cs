using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.EnrollLearner;

public sealed class EnrollLearnerInput
{
    public Guid LearnerId { get; set; }
    public string SchoolYear { get; set; } = "";
    public Guid SchoolId { get; set; }
    public int Grade { get; set; }
    public string Section { get; set; } = "";
    public long? ExpectedVersion { get; set; }
}

public sealed class EnrollLearnerInputGraphType : InputObjectGraphType<EnrollLearnerInput>
{
    public EnrollLearnerInputGraphType()
    {
        Name = "EnrollLearnerInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear).Description("e.g. 2025/2026");
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.ExpectedVersion, nullable: true).Description("The version you read; a newer one refuses the change with CONCURRENCY_CONFLICT.");
    }
}

internal static class EnrollLearnerMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LearnerPayloadGraphType>>("enrollLearner")
            .Description("Enrol a learner for a school year (also how a withdrawn learner re-enters).")
            .Argument<NonNullGraphType<EnrollLearnerInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<EnrollLearnerInput>("input");
                return await LearnerMutation.RunAsync(context,
                    new EnrollLearner(input.LearnerId, input.SchoolYear, input.SchoolId, input.Grade, input.Section, input.ExpectedVersion),
                        input.LearnerId);
            });
}
