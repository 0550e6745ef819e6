using Emis.Curriculum.Curricula;
using Emis.Curriculum.Offerings;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;
using Emis.Staffing.Contracts;

namespace Emis.Curriculum.Tests;

/// <summary>Curriculum's decisions, without a database.</summary>
public sealed class CurriculumDecisionTests
{
    private static readonly EducationLevelEntry[] Levels = [new("PRIM", "Osnovna škola", 1), new("GYM", "Gimnazija", 3)];
    private static readonly Programme[] Programmes =
    [
        new("OS", "Devetogodišnja osnovna škola", "PRIM", 1, 9, ProgrammeKind.Formal),
        new("GIM", "Opća gimnazija", "GYM", 10, 13, ProgrammeKind.Formal),
    ];
    private static readonly Subject[] Subjects =
        [new("BOS", "Bosanski jezik i književnost", "Bosnian"), new("MAT", "Matematika", "Mathematics"), new("ENG", "Engleski jezik", null)];

    private static EducationStructureView Structure(int max = 30) => new()
    {
        Levels = [.. Levels],
        Programmes = [.. Programmes],
        Subjects = [.. Subjects],
        MaxWeeklyHours = max,
    };

    private static CurriculumBook Book(params CurriculumVersion[] versions) => new() { Versions = [.. versions] };

    private static CurriculumVersion Version(string from, int[] grades, decimal mat, DateTimeOffset adopted) =>
        new(Guid.NewGuid(), "OS", grades, from, [new SubjectHours("BOS", 5), new SubjectHours("MAT", mat)], null, adopted);

    private static string Code(Action act) => Assert.Throws<CommandRejectedException>(act).Errors[0].Code;

    [Fact]
    public void a_structure_with_a_code_twice_or_a_programme_of_an_unknown_level_is_refused()
    {
        var set = new SetEducationStructure(Levels, Programmes, Subjects, 30);
        Assert.Equal("PRIM", SetEducationStructureHandler.Decide(set, Guid.NewGuid(), null, null).Levels[0].Code);
        Assert.Equal(ErrorCodes.Duplicate, Code(() => SetEducationStructureHandler.Decide(
            set with { Subjects = [.. Subjects, new Subject("mat ", "Matematika 2", null)] }, Guid.NewGuid(), null, null)));
        Assert.Equal(ErrorCodes.NotFound, Code(() => SetEducationStructureHandler.Decide(
            set with { Programmes = [new Programme("VOC", "Tehnička škola", "VET", 10, 13, ProgrammeKind.Formal)] }, Guid.NewGuid(), null, null)));
    }

    [Fact]
    public void a_subject_or_grade_an_adopted_curriculum_uses_cannot_be_taken_out_of_the_structure()
    {
        var book = Book(Version("2025/2026", [1, 2], 4, DateTimeOffset.UtcNow));
        var set = new SetEducationStructure(Levels, Programmes, Subjects, 30);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SetEducationStructureHandler.Decide(
            set with { Subjects = [.. Subjects.Where(s => s.Code != "MAT")] }, Guid.NewGuid(), Structure(), book)));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SetEducationStructureHandler.Decide(
            set with { Programmes = [Programmes[0] with { FirstGrade = 2 }, Programmes[1]] }, Guid.NewGuid(), Structure(), book)));
        // Adding a subject is fine; setting the same structure again is not a change.
        Assert.NotNull(SetEducationStructureHandler.Decide(
            set with { Subjects = [.. Subjects, new Subject("INF", "Informatika", "Computer science")] }, Guid.NewGuid(), Structure(), book));
        Assert.Equal(ErrorCodes.Unchanged, Code(() => SetEducationStructureHandler.Decide(set, Guid.NewGuid(), Structure(), book)));
        // A programme open sections follow stays too.
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SetEducationStructureHandler.Decide(
            set with { Programmes = [Programmes[0]] }, Guid.NewGuid(), Structure(), book, followedBySections: ["GIM"])));
    }

    [Fact]
    public void a_curriculum_version_keeps_the_week_within_the_legal_maximum_and_the_programmes_grades()
    {
        var adopt = new AdoptCurriculumVersion(Guid.NewGuid(), "os", [1, 2], "2025/2026", [new("BOS", 5), new("MAT", 4)]);
        var adopted = AdoptCurriculumVersionHandler.Decide(adopt, Guid.NewGuid(), Structure(), null);
        Assert.Equal("OS", adopted.Programme);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => AdoptCurriculumVersionHandler.Decide(adopt, Guid.NewGuid(), Structure(max: 8), null)));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => AdoptCurriculumVersionHandler.Decide(
            adopt with { Grades = [9, 10] }, Guid.NewGuid(), Structure(), null)));
        Assert.Equal(ErrorCodes.NotFound, Code(() => AdoptCurriculumVersionHandler.Decide(
            adopt with { Subjects = [new("HIS", 2)] }, Guid.NewGuid(), Structure(), null)));
        Assert.Equal(ErrorCodes.Duplicate, Code(() => AdoptCurriculumVersionHandler.Decide(
            adopt with { Subjects = [new("MAT", 2), new("mat", 2)] }, Guid.NewGuid(), Structure(), null)));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => AdoptCurriculumVersionHandler.Decide(adopt, Guid.NewGuid(), null, null)));
    }

    [Fact]
    public void a_reform_is_adopted_forward_never_before_a_version_of_the_same_grades()
    {
        var book = Book(Version("2025/2026", [1, 2, 3], 4, DateTimeOffset.UtcNow));
        var reform = new AdoptCurriculumVersion(Guid.NewGuid(), "OS", [2], "2026/2027", [new("BOS", 5), new("MAT", 5)]);
        Assert.NotNull(AdoptCurriculumVersionHandler.Decide(reform, Guid.NewGuid(), Structure(), book));
        Assert.Equal(ErrorCodes.Duplicate, Code(() => AdoptCurriculumVersionHandler.Decide(
            reform with { FromSchoolYear = "2025/2026" }, Guid.NewGuid(), Structure(), book)));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => AdoptCurriculumVersionHandler.Decide(
            reform with { FromSchoolYear = "2024/2025" }, Guid.NewGuid(), Structure(), book)));
        // Other grades are not touched by that rule.
        Assert.NotNull(AdoptCurriculumVersionHandler.Decide(
            reform with { Grades = [5], FromSchoolYear = "2024/2025" }, Guid.NewGuid(), Structure(), book));
    }

    [Fact]
    public void the_version_in_force_is_the_latest_started_for_the_grade_as_known_at_the_instant_asked()
    {
        var monday = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var old = Version("2025/2026", [1, 2, 3], 4, monday);
        var reform = Version("2026/2027", [2], 5, monday.AddDays(7));
        var book = Book(old, reform);
        Assert.Equal(old.VersionId, book.InForce("OS", 2, "2025/2026")!.VersionId);
        Assert.Equal(reform.VersionId, book.InForce("OS", 2, "2026/2027")!.VersionId);
        Assert.Equal(reform.VersionId, book.InForce("OS", 2, "2030/2031")!.VersionId);
        Assert.Equal(old.VersionId, book.InForce("OS", 3, "2026/2027")!.VersionId);
        Assert.Equal(old.VersionId, book.InForce("OS", 2, "2026/2027", asOf: monday.AddDays(1))!.VersionId);
        Assert.Null(book.InForce("OS", 2, "2024/2025"));
        Assert.Null(book.InForce("OS", 4, "2025/2026"));
        Assert.Null(book.InForce("OS", 2, "2026/2027", asOf: monday.AddDays(-1)));
    }

    private static readonly CurriculumSchool School = new()
    {
        Id = Guid.NewGuid(),
        Code = "OS-1",
        Name = "OŠ Harmani",
        Municipality = "Bihać",
        Level = "primary",
        Status = "open",
    };

    [Fact]
    public void a_section_opens_once_in_an_open_school_for_a_grade_its_programme_teaches()
    {
        var open = new OpenSection(School.Id, "2025/2026", "OS", 3, " a", "bs", Shift.Morning);
        var opened = SectionCommandsHandler.DecideOpen(open, School, Structure(), null);
        Assert.Equal(("A", "OS", 3), (opened.Letter, opened.Programme, opened.Grade));
        Assert.Equal(ClassSections.IdOf(School.Id, "2025/2026", 3, "A"), opened.SectionId);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SectionCommandsHandler.DecideOpen(open with { Grade = 10 }, School, Structure(), null)));
        Assert.Equal(ErrorCodes.NotFound, Code(() => SectionCommandsHandler.DecideOpen(open with { Programme = "X" }, School, Structure(), null)));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SectionCommandsHandler.DecideOpen(
            open, new CurriculumSchool { Id = School.Id, Code = "OS-1", Status = "closed" }, Structure(), null)));
        Assert.Equal(ErrorCodes.Duplicate,
            Code(() => SectionCommandsHandler.DecideOpen(open, School, Structure(), new SectionView { Letter = "A" })));
    }

    [Fact]
    public void a_section_with_learners_does_not_close_and_a_homeroom_teacher_works_at_its_school()
    {
        var section = new SectionView { Id = Guid.NewGuid(), SchoolId = School.Id, SchoolCode = "OS-1", Grade = 3, Letter = "A" };
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SectionCommandsHandler.DecideClose(new CloseSection(section.Id, "merged"), section, 1)));
        Assert.Equal("merged", SectionCommandsHandler.DecideClose(new CloseSection(section.Id, " merged "), section, 0).Reason);

        var teacher = Guid.NewGuid();
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => SectionCommandsHandler.DecideHomeroom(
            new AssignHomeroomTeacher(section.Id, teacher), section, [new StaffPosting(teacher, Guid.NewGuid(), "OS-2", "teacher")])));
        Assert.Equal(teacher, SectionCommandsHandler.DecideHomeroom(
            new AssignHomeroomTeacher(section.Id, teacher), section, [new StaffPosting(teacher, School.Id, "OS-1", "teacher")]).StaffId);
        section.Closed = true;
        Assert.Equal(ErrorCodes.RuleViolated,
            Code(() => SectionCommandsHandler.DecideHomeroom(new AssignHomeroomTeacher(section.Id, null), section, [])));
    }

    [Fact]
    public void a_sections_programme_is_set_to_one_teaching_its_grade_and_the_upgrade_leaves_it_open_when_the_school_could_follow_two()
    {
        var section = new SectionView { Id = Guid.NewGuid(), Grade = 11, Letter = "A" };
        Assert.Equal("GIM", SectionCommandsHandler.DecideProgramme(new SetSectionProgramme(section.Id, "gim"), section, Structure()).Programme);
        Assert.Equal(ErrorCodes.RuleViolated,
            Code(() => SectionCommandsHandler.DecideProgramme(new SetSectionProgramme(section.Id, "OS"), section, Structure())));
        section.Programme = "GIM";
        Assert.Equal(ErrorCodes.Unchanged,
            Code(() => SectionCommandsHandler.DecideProgramme(new SetSectionProgramme(section.Id, "GIM"), section, Structure())));

        var secondary = new CurriculumSchool { Level = "upper_secondary" };
        Assert.Equal("GIM", SectionLinker.ProgrammeFor(Structure(), secondary, 11));
        var vocational = Structure();
        vocational.Programmes.Add(new Programme("TEH", "Tehnička škola", "GYM", 10, 13, ProgrammeKind.Formal));
        Assert.Null(SectionLinker.ProgrammeFor(vocational, secondary, 11));
        Assert.Equal("OS", SectionLinker.ProgrammeFor(vocational, new CurriculumSchool { Level = "primary" }, 4));
        Assert.Null(SectionLinker.ProgrammeFor(vocational, new CurriculumSchool { Level = "primary" }, 11));
    }

    [Fact]
    public void an_offering_is_taught_by_the_assignments_naming_its_section_and_its_subject_by_code_or_name()
    {
        var section = new SectionView
        {
            Id = Guid.NewGuid(),
            SchoolId = School.Id,
            SchoolCode = "OS-1",
            SchoolYear = "2025/2026",
            Programme = "OS",
            Grade = 3,
            Letter = "A",
        };
        var book = Book(Version("2025/2026", [3], 4, DateTimeOffset.UtcNow));
        var math = Guid.NewGuid();
        var bosnian = Guid.NewGuid();
        TeachingClass[] classes =
        [
            new(math, School.Id, "OS-1", "2025/2026", 3, "a", "matematika", false, 4),
            new(bosnian, School.Id, "OS-1", "2025/2026", 3, "A", "BOS", true, 3),
            new(Guid.NewGuid(), School.Id, "OS-1", "2025/2026", 3, "B", "MAT", false, 4),
            new(Guid.NewGuid(), School.Id, "OS-1", "2024/2025", 3, "A", "MAT", false, 4),
        ];
        var offerings = OfferingQueries.Of(section, Structure(), book, classes);
        Assert.Equal([("BOS", 5m, 3m, bosnian), ("MAT", 4m, 4m, math)],
            offerings.Select(o => (o.Subject, o.HoursRequired, o.HoursAssigned, o.Teachers.Single())));
        Assert.Empty(OfferingQueries.Of(new SectionView { Programme = null, SchoolYear = "2025/2026", Grade = 3 }, Structure(), book, classes));
    }
}
