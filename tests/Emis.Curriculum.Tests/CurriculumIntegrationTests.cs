using System.Text.Json.Nodes;
using Emis.Features.Rebuild;
using Emis.Platform.ReadModels;

namespace Emis.Curriculum.Tests;

/// <summary>Curriculum through GraphQL on the real host and PostgreSQL: structure, versions, sections, the upgrade and the hours gap.</summary>
[Collection(HostCollection.Name)]
public sealed class CurriculumIntegrationTests(EmisHostFixture host)
{
    private const string Curriculum = """
        query($grade: Int!, $year: String!, $asOf: DateTimeOffset) {
          curriculum(programme: "OS", grade: $grade, schoolYear: $year, asOf: $asOf) {
            fromSchoolYear totalWeeklyHours subjects { subject weeklyHours }
          }
        }
        """;

    private const string Open = """
        mutation($input: OpenSectionInput!) {
          openSection(input: $input) { section { id name programme language shift origin closed version } errors { code field message } }
        }
        """;

    private const string Sections = """
        query($school: ID!, $year: String!, $asOf: DateTimeOffset) {
          sections(schoolId: $school, schoolYear: $year, asOf: $asOf) {
            id name programme origin closed homeroomTeacherId linkedLearners
            offerings { subject hoursRequired hoursAssigned teachers }
          }
        }
        """;

    private const string Gap = """
        query($year: String!, $groupBy: [HoursDimension!]) {
          teachingHoursGap(schoolYear: $year, groupBy: $groupBy) {
            rows { municipality schoolCode subject sections hoursRequired hoursAssigned hoursMissing offeringsWithoutTeacher }
            withoutTeacher { sectionId subject hoursRequired } sectionsWithoutCurriculum
          }
        }
        """;

    private async Task<JsonObject> StructureAsync(Jurisdiction j)
    {
        var payload = await host.MutateAsync(
            j.Admin, CurriculumRequests.SetStructure, CurriculumRequests.StructureVariables(), "setEducationStructure");
        LearnerRequests.Ok(payload);
        return payload["structure"]!.AsObject();
    }

    private async Task AdoptAsync(Jurisdiction j, int[] grades, string from, params (string Subject, decimal Hours)[] subjects) =>
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.Adopt, new
        {
            programme = "OS",
            grades,
            from,
            subjects = subjects.Select(s => new { subject = s.Subject, weeklyHours = s.Hours }).ToArray(),
        }, "adoptCurriculumVersion"));

    private async Task<JsonObject> OpenAsync(Platform.Auth.Caller caller, string school, int grade, string letter, string language = "bs") =>
        await host.MutateAsync(caller, Open,
            new
            {
                input = new { schoolId = school, schoolYear = LearnerRequests.Year, programme = "OS", grade, letter, language, shift = "MORNING" },
            },
            "openSection");

    private async Task<JsonArray> SectionsAsync(Platform.Auth.Caller caller, string school, string year = LearnerRequests.Year,
        DateTimeOffset? asOf = null) =>
        (await host.DataAsync(caller, Sections, new { school, year, asOf }))["sections"]!.AsArray();

    [Fact]
    public async Task the_ministry_sets_the_structure_and_a_reform_changes_some_grades_while_the_past_keeps_its_curriculum()
    {
        var j = new Jurisdiction();
        Assert.Equal(("FORBIDDEN", null),
            LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("X"), CurriculumRequests.SetStructure, CurriculumRequests.StructureVariables(),
                "setEducationStructure")));
        var structure = await StructureAsync(j);
        Assert.Equal(["OS", "GIM"], structure["programmes"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()));

        await AdoptAsync(j, [1, 2, 3], "2025/2026", ("BOS", 5), ("MAT", 4), ("TZO", 3));
        var beforeReform = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        // Over the legal maximum: refused, naming the field.
        Assert.Equal(("RULE_VIOLATED", "subjects"), LearnerRequests.Error(await host.MutateAsync(j.Admin, CurriculumRequests.Adopt, new
        {
            programme = "OS",
            grades = new[] { 3 },
            from = "2026/2027",
            subjects = new[] { new { subject = "MAT", weeklyHours = 31m } },
        }, "adoptCurriculumVersion")));
        await AdoptAsync(j, [3], "2026/2027", ("BOS", 5), ("MAT", 5), ("ENG", 2), ("TZO", 3));

        async Task<JsonNode?> CurriculumAsync(int grade, string year, DateTimeOffset? asOf = null) =>
            (await host.DataAsync(j.Analyst, Curriculum, new { grade, year, asOf }))["curriculum"];
        Assert.Equal(15m, (await CurriculumAsync(3, "2026/2027"))!["totalWeeklyHours"]!.GetValue<decimal>());
        Assert.Equal(12m, (await CurriculumAsync(3, "2025/2026"))!["totalWeeklyHours"]!.GetValue<decimal>());
        Assert.Equal(12m, (await CurriculumAsync(2, "2026/2027"))!["totalWeeklyHours"]!.GetValue<decimal>());
        // As known before the reform was adopted, next year's grade 3 followed the old version.
        Assert.Equal(12m, (await CurriculumAsync(3, "2026/2027", beforeReform))!["totalWeeklyHours"]!.GetValue<decimal>());
        Assert.Null(await CurriculumAsync(4, "2025/2026"));
        // A subject a version teaches cannot leave the structure.
        var payload = await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure,
            CurriculumRequests.StructureVariables([new { code = "BOS", name = "Bosanski", englishName = (string?)null }]), "setEducationStructure");
        Assert.Equal(("RULE_VIOLATED", "subjects"), LearnerRequests.Error(payload));
    }

    [Fact]
    public async Task sections_are_opened_by_their_school_given_a_homeroom_teacher_and_closed_only_when_empty_and_read_as_of_a_date()
    {
        var j = new Jurisdiction();
        await StructureAsync(j);
        var school = await host.SchoolAsync(j, "US-1", "Bihać");
        var other = await host.SchoolAsync(j, "US-2", "Cazin");

        Assert.Equal(("NOT_FOUND", "schoolId"), LearnerRequests.Error(await OpenAsync(j.SchoolAdmin("US-2"), school, 3, "A")));
        Assert.Equal(("FORBIDDEN", "schoolId"), LearnerRequests.Error(await OpenAsync(j.Analyst, school, 3, "A")));
        var opened = await OpenAsync(j.SchoolAdmin("US-1"), school, 3, "a");
        LearnerRequests.Ok(opened);
        var section = opened["section"]!;
        Assert.Equal(("3A", "OS", "OPENED"), (section["name"]!.GetValue<string>(), section["programme"]!.GetValue<string>(),
            section["origin"]!.GetValue<string>()));
        Assert.Equal(("DUPLICATE", "letter"), LearnerRequests.Error(await OpenAsync(j.SchoolAdmin("US-1"), school, 3, "A")));
        Assert.Equal(("RULE_VIOLATED", "grade"), LearnerRequests.Error(await OpenAsync(j.Admin, school, 11, "A")));
        var afterOpening = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        LearnerRequests.Ok(await OpenAsync(j.Admin, school, 3, "B"));

        // The homeroom teacher must work at the school.
        var teacher = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(school)));
        var elsewhere = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(other), first: "Amra"));
        const string homeroom = """
            mutation($section: ID!, $staff: ID) { assignHomeroomTeacher(sectionId: $section, staffId: $staff) {
              section { homeroomTeacherId } errors { code field message } } }
            """;
        Assert.Equal(("RULE_VIOLATED", "staffId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, homeroom,
            new { section = section.Id(), staff = elsewhere.Id() }, "assignHomeroomTeacher")));
        var assigned = await host.MutateAsync(
            j.SchoolAdmin("US-1"), homeroom, new { section = section.Id(), staff = teacher.Id() }, "assignHomeroomTeacher");
        LearnerRequests.Ok(assigned);
        Assert.Equal(teacher.Id(), assigned["section"]!["homeroomTeacherId"]!.GetValue<string>());

        // A learner in 3A keeps it open; 3B closes.
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 3, section: "A"));
        const string close = """
            mutation($section: ID!) {
              closeSection(sectionId: $section, reason: "merged into 3A") { section { closed } errors { code field message } }
            }
            """;
        Assert.Equal(("RULE_VIOLATED", "sectionId"),
            LearnerRequests.Error(await host.MutateAsync(j.Admin, close, new { section = section.Id() }, "closeSection")));
        var b = (await SectionsAsync(j.Admin, school)).Single(s => s!["name"]!.GetValue<string>() == "3B")!;
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, close, new { section = b.Id() }, "closeSection"));

        // Now: 3A open with its homeroom teacher, 3B closed; as of just after 3A opened: 3A only, without a homeroom teacher.
        var now = await SectionsAsync(j.Officer("Bihać"), school);
        Assert.Equal([("3A", false), ("3B", true)], now.Select(s => (s!["name"]!.GetValue<string>(), s["closed"]!.GetValue<bool>())));
        var then = await SectionsAsync(j.Admin, school, asOf: afterOpening);
        Assert.Equal("3A", Assert.Single(then)!["name"]!.GetValue<string>());
        Assert.Null(then[0]!["homeroomTeacherId"]);
        Assert.Empty(await SectionsAsync(j.Officer("Cazin"), school));
    }

    [Fact]
    public async Task the_upgrade_makes_sections_from_stored_enrolments_links_them_once_and_audit_verify_stays_clean()
    {
        var j = new Jurisdiction();
        await StructureAsync(j);
        var school = await host.SchoolAsync(j, "UP-1", "Bihać");
        // Enrolments made before sections existed name a free-text section.
        var learners = new List<string>();
        foreach (var (grade, section, first) in new[] { (2, "A", "Adna"), (2, "a", "Belma"), (2, "B", "Cazim"), (4, "A", "Dino") })
        {
            learners.Add((await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: grade, section: section, first: first))).Id());
        }
        const string link = "mutation { linkSectionsFromEnrolments { opened linked learners } }";
        Assert.NotEmpty((await host.GraphQLAsync(j.SchoolAdmin("UP-1"), link))["errors"]!.AsArray());
        var made = (await host.DataAsync(j.Admin, link))["linkSectionsFromEnrolments"]!;
        Assert.Equal((3, 3, 4), (made["opened"]!.GetValue<int>(), made["linked"]!.GetValue<int>(), made["learners"]!.GetValue<int>()));
        var sections = await SectionsAsync(j.Admin, school);
        Assert.Equal([("2A", 2), ("2B", 1), ("4A", 1)],
            sections.Select(s => (s!["name"]!.GetValue<string>(), s["linkedLearners"]!.GetValue<int>())));
        Assert.All(sections, s => Assert.Equal(("UPGRADE", "OS"), (s!["origin"]!.GetValue<string>(), s["programme"]!.GetValue<string>())));

        // Run again: nothing new. A new learner in 2B is linked, and nothing else.
        made = (await host.DataAsync(j.Admin, link))["linkSectionsFromEnrolments"]!;
        Assert.Equal((0, 0, 0), (made["opened"]!.GetValue<int>(), made["linked"]!.GetValue<int>(), made["learners"]!.GetValue<int>()));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 2, section: "B", first: "Edin"));
        made = (await host.DataAsync(j.Admin, link))["linkSectionsFromEnrolments"]!;
        Assert.Equal((0, 1, 1), (made["opened"]!.GetValue<int>(), made["linked"]!.GetValue<int>(), made["learners"]!.GetValue<int>()));

        // No enrolment event was rewritten, and the read models verify clean against a rebuild from the events.
        var verifier = host.Service<ReadModelVerifier>();
        var models = host.Service<IEnumerable<IReadModel>>().Where(m => m.Name is "class-sections" or "learner-profiles" or "statistics").ToList();
        Assert.Equal(3, models.Count);
        var report = await verifier.VerifyAsync(models, "emis_shadow_curriculum", 5, null, CancellationToken.None);
        Assert.True(report.Clean, string.Join("\n", report.Tables.SelectMany(t => t.Examples.Select(e => $"{t.Table} {e}"))));
    }

    [Fact]
    public async Task the_hours_gap_sets_what_the_curricula_require_against_what_teachers_are_assigned_and_lists_what_no_one_teaches()
    {
        var j = new Jurisdiction();
        await StructureAsync(j);
        await AdoptAsync(j, [3, 4], "2025/2026", ("BOS", 5), ("MAT", 4), ("ENG", 2));
        var bihac = await host.SchoolAsync(j, "HG-1", "Bihać");
        var cazin = await host.SchoolAsync(j, "HG-2", "Cazin");
        LearnerRequests.Ok(await OpenAsync(j.Admin, bihac, 3, "A"));
        LearnerRequests.Ok(await OpenAsync(j.Admin, bihac, 4, "A"));
        LearnerRequests.Ok(await OpenAsync(j.Admin, cazin, 3, "A"));
        var teacher = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(bihac)));
        // One assignment by the subject's name, one by its code; 3 hours of 5 only for Bosnian.
        await host.AssignAsync(j.Admin, teacher.Id(), bihac, 3, "A", subject: "Matematika", weeklyHours: 4m);
        await host.AssignAsync(j.Admin, teacher.Id(), bihac, 3, "a", subject: "BOS", weeklyHours: 3m);

        var gap = (await host.DataAsync(j.Analyst, Gap, new { year = LearnerRequests.Year, groupBy = new[] { "MUNICIPALITY" } }))
            ["teachingHoursGap"]!;
        Assert.Equal([("Bihać", 2, 22m, 7m, 15m, 4), ("Cazin", 1, 11m, 0m, 11m, 3)], gap["rows"]!.AsArray().Select(r => (
            r!["municipality"]!.GetValue<string>(), r["sections"]!.GetValue<int>(), r["hoursRequired"]!.GetValue<decimal>(),
            r["hoursAssigned"]!.GetValue<decimal>(), r["hoursMissing"]!.GetValue<decimal>(), r["offeringsWithoutTeacher"]!.GetValue<int>())));
        Assert.Equal(7, gap["withoutTeacher"]!.AsArray().Count);
        Assert.Equal(0, gap["sectionsWithoutCurriculum"]!.GetValue<int>());

        // By subject within the school's scope: a school admin sees only their own school.
        var mine = (await host.DataAsync(j.SchoolAdmin("HG-1"), Gap, new { year = LearnerRequests.Year, groupBy = new[] { "SUBJECT" } }))
            ["teachingHoursGap"]!["rows"]!.AsArray();
        Assert.Equal([("BOS", 10m, 3m), ("ENG", 4m, 0m), ("MAT", 8m, 4m)], mine.Select(r => (r!["subject"]!.GetValue<string>(),
            r["hoursRequired"]!.GetValue<decimal>(), r["hoursAssigned"]!.GetValue<decimal>())));

        var offerings = (await SectionsAsync(j.Admin, bihac)).First()!["offerings"]!.AsArray();
        Assert.Equal([("BOS", 3m), ("MAT", 4m), ("ENG", 0m)],
            offerings.Select(o => (o!["subject"]!.GetValue<string>(), o["hoursAssigned"]!.GetValue<decimal>())));
        Assert.Equal(teacher.Id(), offerings[1]!["teachers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task the_rollover_opens_next_years_sections_in_the_next_grade_and_stops_at_the_programmes_last_grade()
    {
        var j = new Jurisdiction();
        await StructureAsync(j);
        var school = await host.SchoolAsync(j, "RO-1", "Bihać");
        LearnerRequests.Ok(await OpenAsync(j.Admin, school, 3, "A", language: "tr"));
        LearnerRequests.Ok(await OpenAsync(j.Admin, school, 9, "A"));
        const string rollover = """mutation { rollOverSections(schoolYear: "2025/2026") { opened } }""";
        Assert.Equal(1, (await host.DataAsync(j.SchoolAdmin("RO-1"), rollover))["rollOverSections"]!["opened"]!.GetValue<int>());
        Assert.Equal(0, (await host.DataAsync(j.Admin, rollover))["rollOverSections"]!["opened"]!.GetValue<int>());
        var next = await SectionsAsync(j.Admin, school, "2026/2027");
        Assert.Equal(("4A", "ROLLOVER"), (Assert.Single(next)!["name"]!.GetValue<string>(), next[0]!["origin"]!.GetValue<string>()));
    }
}
