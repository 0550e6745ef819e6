using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.EventLog;

namespace Emis.Curriculum.PublicEvents;

// Curriculum's public integration events: the education structure, curricula and class sections (no personal data).

/// <summary>A level of the structure as published.</summary>
public sealed record LevelV1(string Code, string Name, int Isced);

/// <summary>A programme of the structure as published.</summary>
public sealed record ProgrammeV1(string Code, string Name, string Level, int FirstGrade, int LastGrade, string Kind);

/// <summary>A subject of the structure as published.</summary>
public sealed record SubjectV1(string Code, string Name, string? EnglishName);

/// <summary>A subject's weekly hours in a curriculum version.</summary>
public sealed record SubjectHoursV1(string Subject, decimal WeeklyHours);

[PublicEvent("curriculum.education_structure_set", 1, "The jurisdiction's levels, programmes and subjects were set (the whole structure).")]
public sealed record EducationStructureSetV1(
    IReadOnlyList<LevelV1> Levels, IReadOnlyList<ProgrammeV1> Programmes, IReadOnlyList<SubjectV1> Subjects, int MaxWeeklyHours);

[PublicEvent("curriculum.curriculum_version_adopted", 1,
    "A curriculum version: a programme's grades, subjects and weekly hours from a school year on.")]
public sealed record CurriculumVersionAdoptedV1(
    Guid VersionId, string Programme, IReadOnlyList<int> Grades, string FromSchoolYear, IReadOnlyList<SubjectHoursV1> Subjects);

[PublicEvent("curriculum.section_opened", 1, "A class section opened in a school for a school year.")]
public sealed record SectionOpenedV1(
    Guid SectionId, Guid SchoolId, string SchoolCode, string SchoolYear, string? Programme, int Grade, string Letter, string Language,
    string? Shift, string Origin);

[PublicEvent("curriculum.section_programme_set", 1, "The programme a class section follows was set.")]
public sealed record SectionProgrammeSetV1(Guid SectionId, string Programme);

[PublicEvent("curriculum.section_closed", 1, "A class section closed.")]
public sealed record SectionClosedV1(Guid SectionId);

[PublicEvent("curriculum.homeroom_teacher_assigned", 1, "A class section's homeroom teacher (a staff id), or none.")]
public sealed record HomeroomTeacherAssignedV1(Guid SectionId, Guid? StaffId);

internal static class CurriculumPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<EducationStructureSet, EducationStructureSetV1>(
            (e, _) => new([.. e.Levels.Select(l => new LevelV1(l.Code, l.Name, l.Isced))],
                [.. e.Programmes.Select(p => new ProgrammeV1(p.Code, p.Name, p.Level, p.FirstGrade, p.LastGrade, PublicEventMap.Name(p.Kind)))],
                [.. e.Subjects.Select(s => new SubjectV1(s.Code, s.Name, s.EnglishName))], e.MaxWeeklyHours),
            e => e.StructureId, PublicChange.Updated)
        .Add<CurriculumVersionAdopted, CurriculumVersionAdoptedV1>(
            (e, _) => new(e.VersionId, e.Programme, e.Grades, e.FromSchoolYear,
                [.. e.Subjects.Select(s => new SubjectHoursV1(s.Subject, s.WeeklyHours))]),
            e => e.BookId, PublicChange.Created)
        .Add<SectionOpened, SectionOpenedV1>(
            (e, _) => new(e.SectionId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Programme, e.Grade, e.Letter, e.Language,
                e.Shift is { } shift ? PublicEventMap.Name(shift) : null, PublicEventMap.Name(e.Origin)),
            e => e.SectionId, PublicChange.Created)
        .Add<SectionProgrammeSet, SectionProgrammeSetV1>((e, _) => new(e.SectionId, e.Programme), e => e.SectionId, PublicChange.Updated)
        .Add<SectionClosed, SectionClosedV1>((e, _) => new(e.SectionId), e => e.SectionId, PublicChange.Deleted)
        .Add<HomeroomTeacherAssigned, HomeroomTeacherAssignedV1>((e, _) => new(e.SectionId, e.StaffId), e => e.SectionId, PublicChange.Updated);
}
