using Emis.Enrollment.Learners.GettingLearners;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.WithdrawLearner;

public sealed class WithdrawLearnerInput
{
    public Guid LearnerId { get; set; }
    public string SchoolYear { get; set; } = "";
    public WithdrawalReason Reason { get; set; }
    public string? Note { get; set; }
    public long? ExpectedVersion { get; set; }
}

public sealed class WithdrawLearnerInputGraphType : InputObjectGraphType<WithdrawLearnerInput>
{
    public WithdrawLearnerInputGraphType()
    {
        Name = "WithdrawLearnerInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Reason, type: typeof(NonNullGraphType<WithdrawalReasonGraphType>));
        Field(x => x.Note, nullable: true).Description("Required when the reason is OTHER.");
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class WithdrawLearnerMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LearnerPayloadGraphType>>("withdrawLearner")
            .Description("Record that a learner left school, and why. enrollLearner brings them back later.")
            .Argument<NonNullGraphType<WithdrawLearnerInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<WithdrawLearnerInput>("input");
                return await LearnerMutation.RunAsync(context,
                    new WithdrawLearner(input.LearnerId, input.SchoolYear, input.Reason, input.Note, input.ExpectedVersion),
                    input.LearnerId, input.Note ?? input.Reason.ToString());
            });
}
