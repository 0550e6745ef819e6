using System.Text.Json.Nodes;

namespace Emis.Enrollment.Tests;

[Collection(HostCollection.Name)]
public sealed class YearEndAndAttendanceTests(EmisHostFixture host)
{
    private const string AttendanceStatistics = """
        query($groupBy: [StatisticsDimension!]!, $from: DateOnly, $to: DateOnly, $asOf: DateTimeOffset) {
          attendanceStatistics(groupBy: $groupBy, schoolYear: "2025/2026", from: $from, to: $to, asOf: $asOf) {
            rows { day sex marks present absent excused remote rate }
          }
        }
        """;

    [Fact]
    public async Task only_the_last_grade_graduates_and_the_rollover_enrols_everyone_once_into_next_year()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var promoted = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 4, first: "Arta"));
        var repeating = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 4, first: "Besnik"));
        var leaving = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 9, first: "Drita", birthDate: "2011-01-01",
            contacts: new { email = "drita@example.org" }));

        Assert.Equal(("RULE_VIOLATED", "outcome"), LearnerRequests.Error(await Outcome(j, promoted, "GRADUATED")));
        Assert.Equal(("RULE_VIOLATED", "outcome"), LearnerRequests.Error(await Outcome(j, leaving, "PROMOTED")));
        LearnerRequests.Ok(await Outcome(j, promoted, "PROMOTED"));

        var early = await host.MutateAsync(
            j.Admin, LearnerRequests.RollOver, new { input = new { schoolId = school, schoolYear = LearnerRequests.Year } }, "rollOverSchoolYear");
        Assert.Equal(("OUTCOMES_MISSING", "schoolYear"), LearnerRequests.Error(early));
        Assert.Contains("2 of 3", early["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        LearnerRequests.Ok(await Outcome(j, repeating, "REPEATING"));
        var graduated = await Outcome(j, leaving, "GRADUATED");
        Assert.Equal("GRADUATED", graduated["learner"]!["status"]!.GetValue<string>());

        var rolled = await host.MutateAsync(
            j.Admin, LearnerRequests.RollOver, new { input = new { schoolId = school, schoolYear = LearnerRequests.Year } }, "rollOverSchoolYear");
        LearnerRequests.Ok(rolled);
        Assert.Equal(("2026/2027", 1, 1, 1), (rolled["nextSchoolYear"]!.GetValue<string>(), rolled["promoted"]!.GetValue<int>(),
            rolled["repeating"]!.GetValue<int>(), rolled["graduated"]!.GetValue<int>()));

        var arta = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = promoted.Id() }))["learner"]!;
        Assert.Equal(("2026/2027", 5), (arta["enrollment"]!["schoolYear"]!.GetValue<string>(), arta["enrollment"]!["grade"]!.GetValue<int>()));
        var besnik = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = repeating.Id() }))["learner"]!;
        Assert.Equal(4, besnik["enrollment"]!["grade"]!.GetValue<int>());

        var again = await host.MutateAsync(
            j.Admin, LearnerRequests.RollOver, new { input = new { schoolId = school, schoolYear = LearnerRequests.Year } }, "rollOverSchoolYear");
        LearnerRequests.Ok(again);
        Assert.Equal(0, again["promoted"]!.GetValue<int>() + again["repeating"]!.GetValue<int>());

        var next = await host.StatisticsAsync(j.Admin, ["GRADE"], year: "2026/2027");
        Assert.Equal(["grade=4:1", "grade=5:1"], LearnerRequests.Rows(next, "grade"));
        var closedYear = await host.StatisticsAsync(j.Admin, ["GRADE"]);
        Assert.Equal(["grade=4:2", "grade=9:1"], LearnerRequests.Rows(closedYear, "grade"));
    }

    [Fact]
    public async Task attendance_is_recorded_for_the_whole_class_and_corrected_with_a_reason()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var a = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Arta", sex: "FEMALE"));
        var b = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Besnik"));
        var c = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Çlirim"));
        var stranger = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, section: "B"));
        var teacher = await host.TeacherOfAsync(j, "P-1", school, (3, "A"));

        var partial = await host.RecordAttendanceAsync(teacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"));
        Assert.Equal(("UNMARKED_LEARNERS", "marks"), LearnerRequests.Error(partial));
        var wrongClass = await host.RecordAttendanceAsync(
            teacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"), (c, "PRESENT"), (stranger, "PRESENT"));
        Assert.Equal(("NOT_ON_ROSTER", "marks[3].learnerId"), LearnerRequests.Error(wrongClass));
        var otherTeacher = await host.TeacherOfAsync(j, "P-1", school, (3, "B"));
        var forbidden = await host.RecordAttendanceAsync(otherTeacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"), (c, "PRESENT"));
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(forbidden).Code);

        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"), (c, "REMOTE")));
        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, school, "2025-10-02", (a, "PRESENT"), (b, "EXCUSED"), (c, "PRESENT")));
        var twice = await host.RecordAttendanceAsync(teacher, school, "2025-10-01", (a, "PRESENT"), (b, "PRESENT"), (c, "PRESENT"));
        Assert.Equal(("DUPLICATE", "date"), LearnerRequests.Error(twice));

        var beforeCorrection = DateTimeOffset.UtcNow;
        // Time ordering under test, not a wait: the correction must be stamped strictly after the instant asked about below
        // (event times are cut to the microsecond), so the clock moves on first.
        await Task.Delay(20);
        var unexplained = await host.CorrectAttendanceAsync(teacher, school, "2025-10-01", b, "EXCUSED", reason: "");
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(unexplained));
        var corrected = await host.CorrectAttendanceAsync(teacher, school, "2025-10-01", b, "EXCUSED", "doctor's note");
        LearnerRequests.Ok(corrected);
        Assert.Contains(corrected["day"]!["marks"]!.AsArray(), m => m!["learnerId"]!.GetValue<string>() == b.Id()
            && m["status"]!.GetValue<string>() == "EXCUSED");

        var perDay = (await host.DataAsync(
            teacher, AttendanceStatistics, new { groupBy = new[] { "DAY" } }))["attendanceStatistics"]!["rows"]!.AsArray();
        Assert.Equal(2, perDay.Count);
        Assert.Equal((3, 1, 0, 1, 1), Figures(perDay[0]!));
        Assert.Equal(0.6667, perDay[0]!["rate"]!.GetValue<double>(), 4);
        Assert.Equal((3, 2, 0, 1, 0), Figures(perDay[1]!));

        var period = (await host.DataAsync(j.Admin, AttendanceStatistics,
            new { groupBy = Array.Empty<string>(), from = "2025-10-01", to = "2025-10-01" }))["attendanceStatistics"]!["rows"]!.AsArray();
        Assert.Equal((3, 1, 0, 1, 1), Figures(period.Single()!));

        var asBefore = (await host.DataAsync(
            j.Admin, AttendanceStatistics, new { groupBy = new[] { "DAY" }, asOf = beforeCorrection }))["attendanceStatistics"]!["rows"]!.AsArray();
        Assert.Equal((3, 1, 1, 0, 1), Figures(asBefore[0]!));
    }

    private static (int Marks, int Present, int Absent, int Excused, int Remote) Figures(JsonNode row) => (
        row["marks"]!.GetValue<int>(), row["present"]!.GetValue<int>(), row["absent"]!.GetValue<int>(), row["excused"]!.GetValue<int>(),
            row["remote"]!.GetValue<int>());

    private Task<JsonObject> Outcome(Jurisdiction j, JsonObject learner, string outcome) =>
        host.MutateAsync(
            j.Admin,
            LearnerRequests.Outcome,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, outcome } },
            "recordYearEndOutcome");
}
