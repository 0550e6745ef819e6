using Emis.Curriculum.Curricula;
using Emis.Curriculum.Offerings;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Curriculum;

public sealed class LevelInput
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int Isced { get; set; }
}

public sealed class LevelInputGraphType : InputObjectGraphType<LevelInput>
{
    public LevelInputGraphType()
    {
        Name = "CurriculumLevelInput";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Isced).Description("ISCED 2011 level: 0 early childhood, 1 primary, 2 lower secondary, 3 upper secondary.");
    }
}

public sealed class ProgrammeInput
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Level { get; set; } = "";
    public int FirstGrade { get; set; }
    public int LastGrade { get; set; }
    public ProgrammeKind Kind { get; set; }
}

public sealed class ProgrammeInputGraphType : InputObjectGraphType<ProgrammeInput>
{
    public ProgrammeInputGraphType()
    {
        Name = "ProgrammeInput";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Level).Description("The code of one of the levels given.");
        Field(x => x.FirstGrade);
        Field(x => x.LastGrade);
        Field(x => x.Kind, type: typeof(NonNullGraphType<ProgrammeKindGraphType>));
    }
}

public sealed class SubjectInput
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? EnglishName { get; set; }
}

public sealed class SubjectInputGraphType : InputObjectGraphType<SubjectInput>
{
    public SubjectInputGraphType()
    {
        Name = "SubjectInput";
        Field(x => x.Code);
        Field(x => x.Name).Description("In the jurisdiction's language.");
        Field(x => x.EnglishName, nullable: true);
    }
}

public sealed class SubjectHoursInput
{
    public string Subject { get; set; } = "";
    public decimal WeeklyHours { get; set; }
}

public sealed class SubjectHoursInputGraphType : InputObjectGraphType<SubjectHoursInput>
{
    public SubjectHoursInputGraphType()
    {
        Name = "SubjectHoursInput";
        Field(x => x.Subject).Description("The subject's code.");
        Field(x => x.WeeklyHours);
    }
}

public sealed class OpenSectionInput
{
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
    public string Programme { get; set; } = "";
    public int Grade { get; set; }
    public string Letter { get; set; } = "";
    public string Language { get; set; } = "";
    public Shift? Shift { get; set; }
}

public sealed class OpenSectionInputGraphType : InputObjectGraphType<OpenSectionInput>
{
    public OpenSectionInputGraphType()
    {
        Name = "OpenSectionInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Programme).Description("The programme's code.");
        Field(x => x.Grade);
        Field(x => x.Letter).Description("A, B, 1, B1: the section within its grade.");
        Field(x => x.Language).Description("ISO 639 code of the language of instruction (bs, sq, tr).");
        Field(x => x.Shift, type: typeof(ShiftGraphType));
    }
}

internal static class CurriculumFields
{
    private static readonly string[] Everyone =
        [Roles.MinistryAdmin, Roles.MinistryAnalyst, Roles.MunicipalityOfficer, Roles.SchoolAdmin, Roles.Teacher, Roles.Partner];

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<EducationStructureGraphType>("educationStructure")
            .Description("The jurisdiction's levels, programmes and subjects; with asOf, as they were at that instant.")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Everyone);
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var id = EducationStructureView.IdFor(caller.Jurisdiction);
                return c.GetArgument<DateTimeOffset?>("asOf") is { } at
                    ? await session.Events.AggregateStreamAsync<EducationStructureView>(id, timestamp: at, token: c.CancellationToken)
                    : await session.LoadAsync<EducationStructureView>(id, c.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CurriculumVersionGraphType>>>>("curriculumVersions")
            .Description("Every curriculum version adopted (of one programme when given), as known at asOf (now by default).")
            .Argument<StringGraphType>("programme")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c =>
            {
                var book = await BookAsync(c);
                var programme = c.GetArgument<string?>("programme") is { } p ? CurriculumRules.Code(p) : null;
                var at = c.GetArgument<DateTimeOffset?>("asOf");
                return (book?.Versions ?? []).Where(v => (programme is null || v.Programme == programme) && (at is null || v.AdoptedAt <= at))
                    .OrderBy(v => v.Programme, StringComparer.Ordinal).ThenBy(v => v.FromSchoolYear, StringComparer.Ordinal).ToList();
            });

        query.Field<CurriculumVersionGraphType>("curriculum")
            .Description(
                "The curriculum a programme's grade follows in a school year: the version in force then, as known at asOf (now by default).")
            .Argument<NonNullGraphType<StringGraphType>>("programme")
            .Argument<NonNullGraphType<IntGraphType>>("grade")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c => (await BookAsync(c))?.InForce(CurriculumRules.Code(c.GetArgument<string>("programme")),
                c.GetArgument<int>("grade"), c.GetArgument<string>("schoolYear"), c.GetArgument<DateTimeOffset?>("asOf")));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectionGraphType>>>>("sections")
            .Description("A school's class sections in a school year (in your scope), by grade and letter; with asOf, as they were then.")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Everyone);
                var (school, year) = (c.GetArgument<Guid>("schoolId"), c.GetArgument<string>("schoolYear"));
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var sections = (await session.Query<SectionView>().Where(s => s.SchoolId == school && s.SchoolYear == year)
                    .ToListAsync(c.CancellationToken)).Where(s => SectionAccess.MaySee(caller, s.SchoolCode, s.Municipality)).ToList();
                if (c.GetArgument<DateTimeOffset?>("asOf") is { } at)
                {
                    var then = new List<SectionView>();
                    foreach (var section in sections)
                    {
                        if (await session.Events.AggregateStreamAsync<SectionView>(section.Id, timestamp: at, token: c.CancellationToken) is { } past)
                        {
                            then.Add(past);
                        }
                    }
                    sections = then;
                }
                return sections.OrderBy(s => s.Grade).ThenBy(s => s.Letter, StringComparer.Ordinal).ToList();
            });

        query.Field<SectionGraphType>("section")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Everyone);
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var section = await session.LoadAsync<SectionView>(c.GetArgument<Guid>("id"), c.CancellationToken);
                return section is not null && SectionAccess.MaySee(caller, section.SchoolCode, section.Municipality) ? section : null;
            });

        query.Field<NonNullGraphType<HoursFiguresGraphType>>("teachingHoursGap")
            .Description(
                "Weekly hours the curricula require of the year's open sections versus the hours assigned to teachers, grouped as asked, in " +
                "your scope; and every offering without a teacher. The teacher shortage a ministry plans hiring from.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<ListGraphType<NonNullGraphType<HoursDimensionGraphType>>>("groupBy")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<OfferingQueries>().HoursAsync(
                c.RequireRole(Everyone), c.GetArgument<string>("schoolYear"),
                c.GetArgument<List<HoursDimension>?>("groupBy") ?? [], c.CancellationToken));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("setEducationStructure")
            .Description("Set the levels, programmes, subjects and legal maximum of weekly hours (ministry only; replaces the previous).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<LevelInputGraphType>>>>("levels")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<ProgrammeInputGraphType>>>>("programmes")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<SubjectInputGraphType>>>>("subjects")
            .Argument<NonNullGraphType<IntGraphType>>("maxWeeklyHours")
            .ResolveAsync(async c =>
            {
                var command = new SetEducationStructure(
                    [.. c.GetArgument<List<LevelInput>>("levels").Select(l => new EducationLevelEntry(l.Code, l.Name, l.Isced))],
                    [.. c.GetArgument<List<ProgrammeInput>>("programmes").Select(p =>
                        new Programme(p.Code, p.Name, p.Level, p.FirstGrade, p.LastGrade, p.Kind))],
                    [.. c.GetArgument<List<SubjectInput>>("subjects").Select(s => new Subject(s.Code, s.Name, s.EnglishName))],
                    c.GetArgument<int>("maxWeeklyHours"));
                return await MutationRunner.RunAsync(c, command, async () => new CurriculumPayload(await StructureAsync(c), null, null, []));
            });

        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("adoptCurriculumVersion")
            .Description(
                "Adopt a curriculum version for some grades of a programme from a school year on: its subjects and weekly hours (ministry only). " +
                "A reform adopts a new version for some grades; the others keep theirs.")
            .Argument<NonNullGraphType<StringGraphType>>("programme")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("grades")
            .Argument<NonNullGraphType<StringGraphType>>("fromSchoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<SubjectHoursInputGraphType>>>>("subjects")
            .Argument<StringGraphType>("note")
            .ResolveAsync(async c =>
            {
                var command = new AdoptCurriculumVersion(Guid.CreateVersion7(), c.GetArgument<string>("programme"),
                    c.GetArgument<List<int>>("grades"),
                    c.GetArgument<string>("fromSchoolYear"),
                    [.. c.GetArgument<List<SubjectHoursInput>>("subjects").Select(s => new SubjectHours(s.Subject, s.WeeklyHours))],
                    c.GetArgument<string?>("note"));
                return await MutationRunner.RunAsync(c, command, async () => new CurriculumPayload(null, await BookAsync(c), null, []),
                    c.GetArgument<string?>("note"));
            });

        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("openSection")
            .Description("Open a class section of a school for a school year (the school's admin, its municipality, or the ministry).")
            .Argument<NonNullGraphType<OpenSectionInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<OpenSectionInput>("input");
                var command = new OpenSection(i.SchoolId, i.SchoolYear, i.Programme, i.Grade, i.Letter, i.Language, i.Shift);
                var id = ClassSections.IdOf(i.SchoolId, i.SchoolYear, i.Grade, i.Letter);
                return await MutationRunner.RunAsync(c, command, async () => new CurriculumPayload(null, null, await SectionAsync(c, id), []));
            });

        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("assignHomeroomTeacher")
            .Description("Give a section its homeroom teacher (a member of staff with a current contract at the school), or none with null.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<IdGraphType>("staffId")
            .ResolveAsync(async c =>
            {
                var command = new AssignHomeroomTeacher(c.GetArgument<Guid>("sectionId"), c.GetArgument<Guid?>("staffId"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new CurriculumPayload(null, null, await SectionAsync(c, command.SectionId), []));
            });

        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("setSectionProgramme")
            .Description("Set the programme a section follows: one the upgrade could not tell (programme null), or a correction.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<StringGraphType>>("programme")
            .ResolveAsync(async c =>
            {
                var command = new SetSectionProgramme(c.GetArgument<Guid>("sectionId"), c.GetArgument<string>("programme"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new CurriculumPayload(null, null, await SectionAsync(c, command.SectionId), []));
            });

        mutation.Field<NonNullGraphType<CurriculumPayloadGraphType>>("closeSection")
            .Description("Close a section without learners (merged into another, or never filled).")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var command = new CloseSection(c.GetArgument<Guid>("sectionId"), c.GetArgument<string>("reason"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new CurriculumPayload(null, null, await SectionAsync(c, command.SectionId), []), command.Reason);
            });

        mutation.Field<NonNullGraphType<SectionsMadeGraphType>>("rollOverSections")
            .Description(
                "Open next school year's sections from this year's open ones (next grade, same letter, programme, language and shift) in the " +
                "schools you manage; sections already there are left alone. The ministry admin, municipality officers and school admins.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Roles.MinistryAdmin, Roles.MunicipalityOfficer, Roles.SchoolAdmin);
                var year = c.GetArgument<string>("schoolYear");
                if (!CurriculumRules.IsSchoolYear(year)) throw new ExecutionError("The school year is written like 2025/2026.") { Code = "INVALID" };
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var schools = caller.Role == Roles.MinistryAdmin ? null : (await session.Query<Schools.CurriculumSchool>()
                    .ToListAsync(c.CancellationToken)).Where(s => SectionAccess.MayManage(caller, s)).Select(s => s.Id).ToHashSet();
                return await c.RequestServices!.GetRequiredService<SectionLinker>()
                    .RollOverAsync(caller.Jurisdiction, caller.Subject, year, schools, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SectionsMadeGraphType>>("linkSectionsFromEnrolments")
            .Description(
                "The upgrade of adr/0027 (ministry only): every school, year, grade and letter learners in class are enrolled in becomes a " +
                "section, and its learners' enrolments are linked to it. Safe to run again.")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Roles.MinistryAdmin);
                return await c.RequestServices!.GetRequiredService<SectionLinker>()
                    .LinkAsync(caller.Jurisdiction, caller.Subject, c.CancellationToken);
            });
    }

    private static IDocumentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IDocumentStore>();

    private static async Task<CurriculumBook?> BookAsync(IResolveFieldContext c)
    {
        var caller = c.RequireRole(Everyone);
        await using var session = Store(c).QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<CurriculumBook>(CurriculumBook.IdFor(caller.Jurisdiction), c.CancellationToken);
    }

    private static async Task<EducationStructureView?> StructureAsync(IResolveFieldContext c)
    {
        await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
        return await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(c.Caller().Jurisdiction), c.CancellationToken);
    }

    private static async Task<SectionView?> SectionAsync(IResolveFieldContext c, Guid id)
    {
        await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
        return await session.LoadAsync<SectionView>(id, c.CancellationToken);
    }
}
