using Emis.Curriculum.Curricula;
using Emis.Curriculum.Offerings;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Curriculum;

public sealed class ProgrammeKindGraphType : EnumerationGraphType<ProgrammeKind>
{
    public ProgrammeKindGraphType() => Name = "ProgrammeKind";
}

public sealed class ShiftGraphType : EnumerationGraphType<Shift>
{
    public ShiftGraphType() => Name = "Shift";
}

public sealed class SectionOriginGraphType : EnumerationGraphType<SectionOrigin>
{
    public SectionOriginGraphType() => Name = "SectionOrigin";
}

public sealed class HoursDimensionGraphType : EnumerationGraphType<HoursDimension>
{
    public HoursDimensionGraphType() => Name = "HoursDimension";
}

public sealed class CurriculumLevelGraphType : ObjectGraphType<EducationLevelEntry>
{
    public CurriculumLevelGraphType()
    {
        Name = "CurriculumLevel";
        Description = "A level of education as the jurisdiction names it, with its ISCED 2011 level.";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Isced);
    }
}

public sealed class ProgrammeGraphType : ObjectGraphType<Programme>
{
    public ProgrammeGraphType()
    {
        Name = "Programme";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Level).Description("The level's code.");
        Field(x => x.FirstGrade);
        Field(x => x.LastGrade);
        Field(x => x.Kind, type: typeof(NonNullGraphType<ProgrammeKindGraphType>));
    }
}

public sealed class SubjectGraphType : ObjectGraphType<Subject>
{
    public SubjectGraphType()
    {
        Name = "Subject";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.EnglishName, nullable: true);
    }
}

public sealed class EducationStructureGraphType : ObjectGraphType<EducationStructureView>
{
    public EducationStructureGraphType()
    {
        Name = "EducationStructure";
        Field(x => x.Levels, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CurriculumLevelGraphType>>>));
        Field(x => x.Programmes, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProgrammeGraphType>>>));
        Field(x => x.Subjects, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SubjectGraphType>>>));
        Field(x => x.MaxWeeklyHours).Description("The legal maximum of a grade's weekly hours over all its subjects.");
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
    }
}

public sealed class SubjectHoursGraphType : ObjectGraphType<SubjectHours>
{
    public SubjectHoursGraphType()
    {
        Name = "SubjectHours";
        Field(x => x.Subject).Description("The subject's code.");
        Field(x => x.WeeklyHours);
    }
}

public sealed class CurriculumVersionGraphType : ObjectGraphType<CurriculumVersion>
{
    public CurriculumVersionGraphType()
    {
        Name = "CurriculumVersion";
        Field(x => x.VersionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Programme);
        Field(x => x.Grades);
        Field(x => x.FromSchoolYear);
        Field(x => x.Subjects, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SubjectHoursGraphType>>>));
        Field(x => x.TotalWeeklyHours);
        Field(x => x.Note, nullable: true);
        Field(x => x.AdoptedAt);
    }
}

public sealed class OfferingGraphType : ObjectGraphType<Offering>
{
    public OfferingGraphType()
    {
        Name = "Offering";
        Description = "A subject a section is taught: the hours its curriculum version prescribes, and the teachers assigned to it in Staffing.";
        Field(x => x.SectionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Subject).Description("The subject's code.");
        Field(x => x.SubjectName);
        Field(x => x.HoursRequired);
        Field(x => x.HoursAssigned);
        Field(x => x.Teachers, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>)).Description("Staff ids.");
    }
}

public sealed class SectionGraphType : ObjectGraphType<SectionView>
{
    public SectionGraphType()
    {
        Name = "ClassSection";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.SchoolYear);
        Field(x => x.Programme, nullable: true).Description("Null for a section the upgrade made when the structure could not tell.");
        Field(x => x.Grade);
        Field(x => x.Letter);
        Field(x => x.Name).Description("Grade and letter, as a class is named (3A).");
        Field(x => x.Language).Description("ISO 639 code of the language of instruction (und: not known).");
        Field(x => x.Shift, type: typeof(ShiftGraphType));
        Field(x => x.Origin, type: typeof(NonNullGraphType<SectionOriginGraphType>));
        Field(x => x.HomeroomTeacherId, type: typeof(IdGraphType)).Description("The homeroom teacher's staff id.");
        Field(x => x.Closed);
        Field(x => x.ClosedReason, nullable: true);
        Field<NonNullGraphType<IntGraphType>>("linkedLearners").Description("Learners whose earlier enrolments the upgrade linked to it.")
            .Resolve(c => c.Source.LinkedLearners.Count);
        Field(x => x.OpenedAt);
        Field(x => x.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OfferingGraphType>>>>("offerings")
            .Description("The subjects its curriculum version prescribes, with their weekly hours and assigned teachers.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<OfferingQueries>()
                .OfferingsAsync(c.Caller().Jurisdiction, c.Source, c.CancellationToken));
    }
}

public sealed class HoursRowGraphType : ObjectGraphType<HoursRow>
{
    public HoursRowGraphType()
    {
        Name = "HoursRow";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Subject, nullable: true);
        Field(x => x.Sections);
        Field(x => x.HoursRequired).Description("Weekly hours the curricula of the group's open sections prescribe.");
        Field(x => x.HoursAssigned).Description("Weekly hours assigned to teachers for those offerings.");
        Field(x => x.HoursMissing).Description("Required hours not assigned, summed per offering: the hours to hire for.");
        Field(x => x.OfferingsWithoutTeacher);
    }
}

public sealed class HoursFiguresGraphType : ObjectGraphType<HoursFigures>
{
    public HoursFiguresGraphType()
    {
        Name = "HoursFigures";
        Field(x => x.SchoolYear);
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<HoursRowGraphType>>>));
        Field(x => x.WithoutTeacher, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<OfferingGraphType>>>))
            .Description("Every offering of an open section with no teacher assigned.");
        Field(x => x.SectionsWithoutCurriculum).Description("Open sections without a programme or a curriculum version in force.");
    }
}

public sealed record CurriculumPayload(EducationStructureView? Structure, CurriculumBook? Curricula, SectionView? Section,
    IReadOnlyList<UserError> Errors) : IMutationPayload<CurriculumPayload>
{
    public static CurriculumPayload Refused(IReadOnlyList<UserError> errors) => new(null, null, null, errors);
}

public sealed class CurriculumPayloadGraphType : ObjectGraphType<CurriculumPayload>
{
    public CurriculumPayloadGraphType()
    {
        Name = "CurriculumPayload";
        Field(x => x.Structure, type: typeof(EducationStructureGraphType));
        Field<ListGraphType<NonNullGraphType<CurriculumVersionGraphType>>>("curriculumVersions").Resolve(c => c.Source.Curricula?.Versions);
        Field(x => x.Section, type: typeof(SectionGraphType));
        this.ErrorsField();
    }
}

public sealed class SectionsMadeGraphType : ObjectGraphType<SectionsMade>
{
    public SectionsMadeGraphType()
    {
        Name = "SectionsMade";
        Field(x => x.Opened);
        Field(x => x.Linked).Description("Sections whose learners' earlier enrolments were linked now.");
        Field(x => x.Learners).Description("Learners' enrolments linked now.");
    }
}
