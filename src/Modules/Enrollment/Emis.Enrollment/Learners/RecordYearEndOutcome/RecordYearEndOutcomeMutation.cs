using Emis.Enrollment.Learners.GettingLearners;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.RecordYearEndOutcome;

public sealed class RecordYearEndOutcomeInput
{
    public Guid LearnerId { get; set; }
    public string SchoolYear { get; set; } = "";
    public YearEndOutcome Outcome { get; set; }
    public long? ExpectedVersion { get; set; }
    public string? Reason { get; set; }
}

public sealed class RecordYearEndOutcomeInputGraphType : InputObjectGraphType<RecordYearEndOutcomeInput>
{
    public RecordYearEndOutcomeInputGraphType()
    {
        Name = "RecordYearEndOutcomeInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Outcome, type: typeof(NonNullGraphType<YearEndOutcomeGraphType>));
        Field(x => x.ExpectedVersion, nullable: true);
        Field(x => x.Reason, nullable: true).Description("Why, when correcting an outcome recorded before.");
    }
}

internal static class RecordYearEndOutcomeMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LearnerPayloadGraphType>>("recordYearEndOutcome")
            .Description("PROMOTED, REPEATING, or GRADUATED (only from the school's last grade).")
            .Argument<NonNullGraphType<RecordYearEndOutcomeInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RecordYearEndOutcomeInput>("input");
                return await LearnerMutation.RunAsync(context,
                    new RecordYearEndOutcome(input.LearnerId, input.SchoolYear, input.Outcome, input.ExpectedVersion), input.LearnerId, input.Reason);
            });
}
