using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.RollOverSchoolYear;

public sealed record RollOverPayload(RollOverResult? Result, IReadOnlyList<UserError> Errors) : IMutationPayload<RollOverPayload>
{
    public static RollOverPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class RollOverSchoolYearInput
{
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
}

public sealed class RollOverSchoolYearInputGraphType : InputObjectGraphType<RollOverSchoolYearInput>
{
    public RollOverSchoolYearInputGraphType()
    {
        Name = "RollOverSchoolYearInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear).Description("The year being closed, e.g. 2025/2026.");
    }
}

public sealed class RollOverPayloadGraphType : ObjectGraphType<RollOverPayload>
{
    public RollOverPayloadGraphType()
    {
        Name = "RollOverSchoolYearPayload";
        Field<StringGraphType>("nextSchoolYear").Resolve(c => c.Source.Result?.NextSchoolYear);
        Field<IntGraphType>("promoted").Description("Enrolled into the next grade.").Resolve(c => c.Source.Result?.Promoted);
        Field<IntGraphType>("repeating").Description("Enrolled again into the same grade.").Resolve(c => c.Source.Result?.Repeating);
        Field<IntGraphType>("graduated").Description("Left the school having completed it.").Resolve(c => c.Source.Result?.Graduated);
        this.ErrorsField();
    }
}

internal static class RollOverSchoolYearMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RollOverPayloadGraphType>>("rollOverSchoolYear")
            .Description("Create next year's enrolments of a whole school from the year-end outcomes. Safe to run again.")
            .Argument<NonNullGraphType<RollOverSchoolYearInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RollOverSchoolYearInput>("input");
                return await MutationRunner.RunAsync<RollOverSchoolYear, RollOverResult, RollOverPayload>(context,
                    new RollOverSchoolYear(input.SchoolId, input.SchoolYear),
                    result =>
                    {
                        context.RequestServices!.GetRequiredService<Statistics.EnrollmentStatisticsFeed>().Changed(context.Caller().Jurisdiction);
                        return Task.FromResult(new RollOverPayload(result, []));
                    },
                    "year-end rollover");
            });
}
