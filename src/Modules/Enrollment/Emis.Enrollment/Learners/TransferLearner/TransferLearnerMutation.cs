using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.TransferLearner;

public sealed class TransferLearnerInput
{
    public Guid LearnerId { get; set; }
    public string SchoolYear { get; set; } = "";
    public Guid ToSchoolId { get; set; }
    public int? Grade { get; set; }
    public string Section { get; set; } = "";
    public long? ExpectedVersion { get; set; }
    public string? Reason { get; set; }
}

public sealed class TransferLearnerInputGraphType : InputObjectGraphType<TransferLearnerInput>
{
    public TransferLearnerInputGraphType()
    {
        Name = "TransferLearnerInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.ToSchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Grade, nullable: true).Description("Defaults to the learner's current grade.");
        Field(x => x.Section);
        Field(x => x.ExpectedVersion, nullable: true);
        Field(x => x.Reason, nullable: true);
    }
}

internal static class TransferLearnerMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LearnerPayloadGraphType>>("transferLearner")
            .Description("Move an enrolled learner to another open school within the same school year.")
            .Argument<NonNullGraphType<TransferLearnerInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TransferLearnerInput>("input");
                return await LearnerMutation.RunAsync(context,
                    new TransferLearner(input.LearnerId, input.SchoolYear, input.ToSchoolId, input.Grade, input.Section, input.ExpectedVersion),
                    input.LearnerId, input.Reason);
            });
}
