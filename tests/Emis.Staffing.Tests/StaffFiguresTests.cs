using System.Globalization;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Staffing.Tests;

[Collection(HostCollection.Name)]
public sealed class StaffFiguresTests(EmisHostFixture host)
{
    private const string Figure = "value numerator denominator reason";

    private const string Query = $$"""
        query($groupBy: [StaffDimension!]!, $filter: StaffStatisticsFilter, $asOf: DateTimeOffset, $asOfSequence: Long) {
          staffStatistics(schoolYear: "2025/2026", groupBy: $groupBy, filter: $filter, asOf: $asOf, asOfSequence: $asOfSequence) {
            schoolYear asOf sequence rows { municipality schoolCode level sex role contractType qualifiedStatus trainedStatus ageBand
              headcount fte teachers teachersFte trained qualified learners
              ptr { {{Figure}} } ptrFte { {{Figure}} } pttr { {{Figure}} } pqtr { {{Figure}} }
              trainedPercent { {{Figure}} } qualifiedPercent { {{Figure}} } }
          }
        }
        """;

    /// <summary>ISCED1 and ISCED3 have standards, ISCED2 none (its teachers are neither trained nor qualified: unknown).</summary>
    private static readonly object[] Standards =
    [
        new { level = "ISCED1", firstGrade = 1, lastGrade = 5, minimumQualification = 6, certificationRequired = false,
            minimumInServiceHours = 100m },
        new { level = "ISCED3", firstGrade = 10, lastGrade = 13, minimumQualification = 7, certificationRequired = true },
    ];

    private async Task<JsonObject> FiguresAsync(Caller caller, string[] groupBy, long? asOfSequence = null, DateTimeOffset? asOf = null,
        object? filter = null) =>
        (await host.DataAsync(caller, Query, new { groupBy, filter, asOf, asOfSequence }))["staffStatistics"]!.AsObject();

    private static string F(JsonNode? figure) => figure!["value"] is { } v ? Num(v) : "null:" + figure["reason"]!.GetValue<string>();

    private static string Num(JsonNode? n) => n is null ? "-" : n.GetValue<decimal>().ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A row as "keys|headcount fte teachers teachersFte trained qualified learners|ptr ptrFte pttr pqtr trained% qualified%".</summary>
    private static string Row(JsonNode row, params string[] keys) =>
        string.Join(',', keys.Select(k => row[k]?.GetValue<string>())) + "|" +
        string.Join(' ', new[] { "headcount", "fte", "teachers", "teachersFte", "trained", "qualified", "learners" }.Select(k => Num(row[k]))) + "|" +
        string.Join(' ', new[] { "ptr", "ptrFte", "pttr", "pqtr", "trainedPercent", "qualifiedPercent" }.Select(k => F(row[k])));

    private static List<string> Rows(JsonObject figures, params string[] keys) => [.. figures["rows"]!.AsArray().Select(r => Row(r!, keys))];

    private async Task<(Jurisdiction J, string P1, string G1, Dictionary<string, string> Staff)> SmallJurisdictionAsync()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Standards, new { levels = Standards }, "setTeacherStandards"));
        var staff = new Dictionary<string, string>
        {
            ["t1"] = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1), first: "A", birthDate: "1990-01-01"))).Id(),
            ["t2"] = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1, fte: 0.5m), first: "B", sex: "MALE",
                birthDate: "1960-01-01"))).Id(),
            ["t3"] = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1, level: "ISCED2"), first: "C"))).Id(),
            ["d1"] = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1, role: "DIRECTOR"), first: "D", sex: "MALE")))
                .Id(),
            ["t4"] = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(g1), first: "E"))).Id(),
        };
        await QualifyAsync(j, staff["t1"], 6);
        await TrainAsync(j, staff["t1"], "PRE_SERVICE", 600m);
        await QualifyAsync(j, staff["t4"], 7);
        await TrainAsync(j, staff["t4"], "IN_SERVICE", 120m);
        // t3 teaches at ISCED2, which has no standard: whatever their records, unknown.
        await QualifyAsync(j, staff["t3"], 8);
        foreach (var grade in new[] { 3, 3, 3, 7, 7 }) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, grade: grade));
        foreach (var grade in new[] { 2, 2 }) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1, grade: grade));
        return (j, p1, g1, staff);
    }

    private async Task QualifyAsync(Jurisdiction j, string staffId, int level) =>
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Qualification,
            new { input = new { staffId, iscedLevel = level, field = "Education", institution = "University", year = 2010 } },
            "recordQualification"));

    private async Task TrainAsync(Jurisdiction j, string staffId, string kind, decimal hours) =>
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Training,
            new { input = new { staffId, kind, course = "Course", provider = "Provider", hours, completedOn = "2015-06-30" } }, "recordTraining"));

    [Fact]
    public async Task figures_equal_the_hand_computed_ones_with_their_parts_and_a_reason_where_they_are_undefined()
    {
        var (j, _, _, _) = await SmallJurisdictionAsync();

        Assert.Equal(
        [
            "Gjakova,G-1,ISCED1|1 1 1 1 1 1 2|2 2 2 2 100 100",
            "Prizren,P-1,ISCED1|3 2.5 2 1.5 1 1 3|1.5 2 3 3 50 50",
            "Prizren,P-1,ISCED2|1 1 1 1 0 0 2|2 2 null:no teacher standards for ISCED2 null:no teacher standards for ISCED2 " +
                "null:no teacher standards for ISCED2 null:no teacher standards for ISCED2",
        ], Rows(await FiguresAsync(j.Admin, ["MUNICIPALITY", "SCHOOL", "LEVEL"]), "municipality", "schoolCode", "level"));

        // Pupils are not counted by sex: ratios of a sex are undefined, percentages of teachers are not.
        const string bySex = "null:pupil ratios are not disaggregated by SEX";
        Assert.Equal(
        [
            $"FEMALE|3 3 3 3 2 2 -|{bySex} {bySex} {bySex} {bySex} null:no teacher standards for ISCED2 null:no teacher standards for ISCED2",
            $"MALE|2 1.5 1 0.5 0 0 -|{bySex} {bySex} {bySex} {bySex} 0 0",
        ], Rows(await FiguresAsync(j.Admin, ["SEX"]), "sex"));

        Assert.Equal(["|5 4.5 4 3.5 2 2 7|1.75 2 null:no teacher standards for ISCED2 null:no teacher standards for ISCED2 " +
            "null:no teacher standards for ISCED2 null:no teacher standards for ISCED2"], Rows(await FiguresAsync(j.Admin, []), "level"));

        // Grouped by QUALIFIED: non-teachers are NOT_APPLICABLE, ISCED2 teachers UNKNOWN.
        Assert.Equal(["NOT_APPLICABLE:1", "NO:1", "UNKNOWN:1", "YES:2"],
            (await FiguresAsync(j.Admin, ["QUALIFIED"]))["rows"]!.AsArray().Select(r => $"{r!["qualifiedStatus"]}:{r["headcount"]}"));
        // Age bands at the figures' instant: born 1990 (30–39 in 2026), 1960 (60+), 1985 (40–49).
        Assert.Equal(["FROM_30_TO_39:1", "FROM_40_TO_49:3", "FROM_60:1"],
            (await FiguresAsync(j.Admin, ["AGE_BAND"]))["rows"]!.AsArray().Select(r => $"{r!["ageBand"]}:{r["headcount"]}"));
    }

    [Fact]
    public async Task each_role_sees_the_figures_of_its_scope_and_teachers_none()
    {
        var (j, _, _, _) = await SmallJurisdictionAsync();
        static string Totals(JsonObject f) => string.Join(';', Rows(f, "level"));
        Assert.Equal("|4 3.5 3 2.5 1 1 5|1.67 2 null:no teacher standards for ISCED2 null:no teacher standards for ISCED2 " +
            "null:no teacher standards for ISCED2 null:no teacher standards for ISCED2", Totals(await FiguresAsync(j.SchoolAdmin("P-1"), [])));
        Assert.Equal("|1 1 1 1 1 1 2|2 2 2 2 100 100", Totals(await FiguresAsync(j.Officer("Gjakova"), [])));
        Assert.Equal(Totals(await FiguresAsync(j.Admin, [])), Totals(await FiguresAsync(j.Analyst, [])));

        var refused = await host.GraphQLAsync(j.Teacher("P-1"), Query, new { groupBy = Array.Empty<string>() });
        Assert.Equal("FORBIDDEN", refused["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task figures_as_of_a_sequence_or_an_instant_do_not_change_after_transfers_contract_ends_and_new_standards()
    {
        var (j, _, g1, staff) = await SmallJurisdictionAsync();
        string[] groupBy = ["MUNICIPALITY", "SCHOOL", "LEVEL"];
        var before = await FiguresAsync(j.Admin, groupBy);
        var sequence = before["sequence"]!.GetValue<long>();
        await Task.Delay(50);
        var instant = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        var t2 = await host.DataAsync(j.Admin, StaffRequests.StaffMember, new { id = staff["t2"] });
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Transfer, new
        {
            input = new
            {
                staffId = staff["t2"],
                contractId = t2["staffMember"]!["contracts"]![0]!.Id(),
                toSchoolId = g1,
                transferredOn = "2026-01-10"
            },
        }, "transferStaffMember"));
        var t4 = await host.DataAsync(j.Admin, StaffRequests.StaffMember, new { id = staff["t4"] });
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.EndContract, new
        {
            input = new
            {
                staffId = staff["t4"],
                contractId = t4["staffMember"]!["contracts"]![0]!.Id(),
                endedOn = "2026-01-10",
                reason = "RETIREMENT"
            },
        }, "endContract"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Standards, new { levels = StaffRequests.DefaultStandards },
            "setTeacherStandards"));

        var after = await FiguresAsync(j.Admin, groupBy);
        Assert.NotEqual(Rows(before, "schoolCode", "level"), Rows(after, "schoolCode", "level"));
        Assert.True(after["sequence"]!.GetValue<long>() > sequence);

        // The same sequence number: the very same answer, byte for byte, however often asked.
        var asOfSequence = await FiguresAsync(j.Admin, groupBy, asOfSequence: sequence);
        Assert.Equal(before.ToJsonString(), asOfSequence.ToJsonString());
        Assert.Equal(asOfSequence.ToJsonString(), (await FiguresAsync(j.Admin, groupBy, asOfSequence: sequence)).ToJsonString());
        // The instant between: the same rows and the same sequence number.
        var asOf = await FiguresAsync(j.Admin, groupBy, asOf: instant);
        Assert.Equal(sequence, asOf["sequence"]!.GetValue<long>());
        Assert.Equal(Rows(before, "schoolCode", "level"), Rows(asOf, "schoolCode", "level"));
    }

    [Fact]
    public async Task subscribers_get_the_figures_then_the_recomputed_ones_when_staff_or_enrolment_changes()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1)));
        await using var ministry = await WsClient.ConnectAsync(host, j.Admin);
        await ministry.SubscribeAsync("f",
            """subscription { staffStatisticsChanged(schoolYear: "2025/2026", groupBy: []) { sequence rows { headcount teachers learners } } }""");
        static string Totals(JsonObject message)
        {
            var row = message["payload"]!["data"]!["staffStatisticsChanged"]!["rows"]![0]!;
            return $"{row["headcount"]} {row["teachers"]} {row["learners"]}";
        }
        Assert.Equal("1 1 0", Totals(await ministry.ReceiveAsync()));

        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1, role: "DIRECTOR"), first: "B"));
        Assert.Equal("2 1 0", Totals(await ministry.ReceiveAsync()));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1));
        Assert.Equal("2 1 1", Totals(await ministry.ReceiveAsync()));
    }

    [Fact]
    public async Task teaching_hours_count_teachers_and_weekly_hours_of_current_assignments()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var a = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1)))).Id();
        var b = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1), first: "B"))).Id();
        await host.AssignAsync(j.Admin, a, p1, 3, "A", "Mathematics", 4m);
        await host.AssignAsync(j.Admin, a, p1, 3, "B", "Mathematics", 4m);
        await host.AssignAsync(j.Admin, b, p1, 3, "A", "Mathematics", 2m);
        var ended = await host.AssignAsync(j.Admin, b, p1, 4, "A", "Music", 1m);
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.EndAssignment, new { input = new { staffId = b, assignmentId = ended } },
            "endTeachingAssignment"));

        var hours = await host.DataAsync(j.Officer("Prizren"), """
            { teachingHours(schoolYear: "2025/2026", groupBy: [SUBJECT, GRADE]) { rows { subject grade teachers hoursAssigned } } }
            """);
        Assert.Equal(["Mathematics/3: 2 teachers, 10 h"], hours["teachingHours"]!["rows"]!.AsArray().Select(r =>
            $"{r!["subject"]}/{r["grade"]}: {r["teachers"]} teachers, {r["hoursAssigned"]!.GetValue<decimal>():0.##} h"));
        var outside = await host.DataAsync(j.Officer("Gjakova"), "{ teachingHours(schoolYear: \"2025/2026\", groupBy: []) { rows { teachers } } }");
        Assert.Empty(outside["teachingHours"]!["rows"]!.AsArray());
    }
}
