using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.GettingStaff;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Standards;

public sealed class LevelStandardInput
{
    public EducationLevel Level { get; set; }
    public int FirstGrade { get; set; }
    public int LastGrade { get; set; }
    public int MinimumQualification { get; set; }
    public bool CertificationRequired { get; set; }
    public decimal? MinimumInServiceHours { get; set; }
}

public sealed class LevelStandardInputGraphType : InputObjectGraphType<LevelStandardInput>
{
    public LevelStandardInputGraphType()
    {
        Name = "LevelStandardInput";
        Field(x => x.Level, type: typeof(NonNullGraphType<EducationLevelGraphType>));
        Field(x => x.FirstGrade);
        Field(x => x.LastGrade);
        Field(x => x.MinimumQualification).Description("The least ISCED level of academic qualification (e.g. 6, a bachelor's degree).");
        Field(x => x.CertificationRequired);
        Field(x => x.MinimumInServiceHours, nullable: true)
            .Description("In-service hours that make a teacher trained without pre-service training; leave out to count only pre-service.");
    }
}

public sealed record TeacherStandardsPayload(TeacherStandardsView? TeacherStandards, IReadOnlyList<UserError> Errors)
    : IMutationPayload<TeacherStandardsPayload>
{
    public static TeacherStandardsPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class TeacherStandardsPayloadGraphType : ObjectGraphType<TeacherStandardsPayload>
{
    public TeacherStandardsPayloadGraphType()
    {
        Name = "TeacherStandardsPayload";
        Field(x => x.TeacherStandards, type: typeof(TeacherStandardsGraphType));
        this.ErrorsField();
    }
}

internal static class SetTeacherStandardsMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<TeacherStandardsPayloadGraphType>>("setTeacherStandards")
            .Description("Set what makes a teacher qualified and trained at each level (ministry only). Statuses and figures follow at once.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<LevelStandardInputGraphType>>>>("levels")
            .ResolveAsync(async context =>
            {
                var levels = context.GetArgument<List<LevelStandardInput>>("levels");
                var command = new SetTeacherStandards([.. levels.Select(l => new LevelStandard(
                    l.Level, l.FirstGrade, l.LastGrade, l.MinimumQualification, l.CertificationRequired, l.MinimumInServiceHours))]);
                return await MutationRunner.RunAsync(context, command, async () =>
                {
                    var store = context.RequestServices!.GetRequiredService<IDocumentStore>();
                    await using var session = store.QuerySession(context.Caller().Jurisdiction);
                    return new TeacherStandardsPayload(
                        await session.LoadAsync<TeacherStandardsView>(TeacherStandardsView.IdFor(context.Caller().Jurisdiction)), []);
                });
            });
}
