using System.Text.Json.Nodes;
using static Emis.Testing.LearningRequests;

namespace Emis.Learning.Tests;

/// <summary>Marks through GraphQL on the real host and PostgreSQL: scales, who records what, corrections, year-end results and figures.</summary>
[Collection(HostCollection.Name)]
public sealed class MarksIntegrationTests(EmisHostFixture host)
{
    [Fact]
    public async Task a_teacher_records_a_whole_class_list_in_the_subject_they_teach_and_nowhere_else()
    {
        var j = new Jurisdiction();
        // Only the ministry sets scales, and only for levels of the structure.
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("X"), Scale,
            new { level = "PRIM", kind = "NUMERIC", marks = FivePoint }, "setGradingScale")));
        await SetUpAsync(host, j);
        Assert.Equal(("NOT_FOUND", "level"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Scale,
            new { level = "UNI", kind = "NUMERIC", marks = FivePoint }, "setGradingScale")));

        var school = await host.SchoolAsync(j, "OS-1", "Bihać");
        var other = await host.SchoolAsync(j, "OS-2", "Cazin");
        var admin = j.SchoolAdmin("OS-1");
        var section = await OpenAsync(host, admin, school, 3, "A");
        var sectionB = await OpenAsync(host, admin, school, 3, "B");
        var learners = await LearnersAsync(host, admin, school, 3, "A", "FEMALE", "MALE", "FEMALE");
        var inB = await LearnersAsync(host, admin, school, 3, "B", "MALE");
        // The teacher is assigned mathematics in 3A (and 3B's mathematics is someone else's).
        var teacher = await host.TeacherOfAsync(j, "OS-1", school, (3, "A"));

        var recorded = await RecordAsync(host, teacher, section, "MAT", "T1", MarkList(learners, "5", "3", "1"));
        LearnerRequests.Ok(recorded);
        var sheet = recorded["sheet"]!;
        Assert.Equal("PRIM", sheet["level"]!.GetValue<string>());
        Assert.Equal(["T1:5:true", "T1:3:true", "T1:1:false"], sheet["marks"]!.AsArray()
            .Select(m => $"{m!["term"]}:{m["mark"]}:{m["passing"]}"));

        // Not their subject, not their section, not their school.
        Assert.Equal(("FORBIDDEN", "subject"),
            LearnerRequests.Error(await RecordAsync(host, teacher, section, "BOS", "T1", MarkList(learners, "4"))));
        Assert.Equal(("FORBIDDEN", "subject"), LearnerRequests.Error(await RecordAsync(host, teacher, sectionB, "MAT", "T1", MarkList(inB, "4"))));
        Assert.Equal(("NOT_FOUND", "sectionId"),
            LearnerRequests.Error(await RecordAsync(host, j.SchoolAdmin("OS-2"), section, "MAT", "T2", MarkList(learners, "4"))));
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await RecordAsync(host, j.Admin, section, "MAT", "T2", MarkList(learners, "4"))));

        // A mark off the scale is refused naming the learner and the field; nothing of the list is kept.
        var offScale = await RecordAsync(host, teacher, section, "MAT", "T2", MarkList(learners, "5", "7", "4"));
        Assert.Equal(("INVALID", "marks[1].mark"), LearnerRequests.Error(offScale));
        Assert.Contains(learners[1], offScale["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, (await SheetAsync(admin, section))!["marks"]!.AsArray().Count);
        // A learner of another section, a mark given already, a term the jurisdiction does not have, a subject it does not teach.
        Assert.Equal(("NOT_ON_ROSTER", "marks[0].learnerId"),
            LearnerRequests.Error(await RecordAsync(host, teacher, section, "MAT", "T2", MarkList(inB, "4"))));
        Assert.Equal(("DUPLICATE", "marks[0].learnerId"),
            LearnerRequests.Error(await RecordAsync(host, teacher, section, "MAT", "T1", MarkList(learners, "4"))));
        Assert.Equal(("INVALID", "term"), LearnerRequests.Error(await RecordAsync(host, teacher, section, "MAT", "T3", MarkList(learners, "4"))));
        Assert.Equal(("RULE_VIOLATED", "subject"),
            LearnerRequests.Error(await RecordAsync(host, admin, section, "ENG", "T1", MarkList(learners, "4"))));

        // A correction needs a reason and a change; the school admin may correct any mark of the school.
        var corrected = await host.MutateAsync(teacher, Correct,
            new { section, subject = "MAT", term = "T1", learner = learners[2], mark = "2", reason = "Popravni ispit" }, "correctMark");
        LearnerRequests.Ok(corrected);
        var mark = corrected["sheet"]!["marks"]!.AsArray().Single(m => m!["learnerId"]!.GetValue<string>() == learners[2])!;
        Assert.Equal(("2", 1), (mark["mark"]!.GetValue<string>(), mark["corrections"]!.GetValue<int>()));
        Assert.Equal(("UNCHANGED", "mark"), LearnerRequests.Error(await host.MutateAsync(admin, Correct,
            new { section, subject = "MAT", term = "T1", learner = learners[2], mark = "2", reason = "Again" }, "correctMark")));
        Assert.Equal(("NOT_FOUND", "learnerId"), LearnerRequests.Error(await host.MutateAsync(admin, Correct,
            new { section, subject = "MAT", term = "T2", learner = learners[2], mark = "2", reason = "None yet" }, "correctMark")));

        // Who reads the sheet: the school and its teacher, not an analyst without personal data, not another school.
        Assert.NotNull(await SheetAsync(teacher, section));
        Assert.Null(await SheetAsync(j.Analyst, section));
        Assert.Null(await SheetAsync(j.SchoolAdmin("OS-2"), section));

        // A learner who transfers takes no more marks in the old class, and the marks given stay with the school that gave them.
        LearnerRequests.Ok(await host.MutateAsync(admin, LearnerRequests.Transfer, new
        {
            input = new { learnerId = learners[0], schoolYear = LearnerRequests.Year, toSchoolId = other, section = "A", reason = "family moved" },
        }, "transferLearner"));
        Assert.Equal(("NOT_ON_ROSTER", "marks[0].learnerId"),
            LearnerRequests.Error(await RecordAsync(host, teacher, section, "MAT", "T2", MarkList(learners, "4"))));
        Assert.Contains((await SheetAsync(admin, section))!["marks"]!.AsArray(), m => m!["learnerId"]!.GetValue<string>() == learners[0]);
        Assert.Single((await host.DataAsync(admin, Record_, new { learner = learners[0] }))["learnerRecord"]!["marks"]!.AsArray());
        Assert.Empty((await host.DataAsync(j.SchoolAdmin("OS-2"), Record_, new { learner = learners[0] }))["learnerRecord"]!["marks"]!.AsArray());
    }

    [Fact]
    public async Task year_end_results_are_proposed_from_final_marks_confirmed_once_and_recorded_in_enrollment()
    {
        var j = new Jurisdiction();
        await SetUpAsync(host, j, makeUp: 1);
        var school = await host.SchoolAsync(j, "OS-9", "Bihać");
        var admin = j.SchoolAdmin("OS-9");
        var section = await OpenAsync(host, admin, school, 9, "A");
        var l = await LearnersAsync(host, admin, school, 9, "A", "FEMALE", "MALE", "FEMALE", "MALE");
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "BOS", "FINAL", MarkList(l, "5", "3", "1", "4")));
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "MAT", "FINAL", MarkList(l[..3], "4", "1", "1")));

        var yearEnd = (await host.DataAsync(admin, YearEnd, new { section }))["yearEndResults"]!;
        Assert.True(yearEnd["lastGradeOfProgramme"]!.GetValue<bool>());
        Assert.Equal(["GRADUATED", "MAKE_UP_EXAMS", "REPEATS", "INCOMPLETE"], yearEnd["learners"]!.AsArray()
            .OrderBy(x => Array.IndexOf(l, x!["learnerId"]!.GetValue<string>())).Select(x => x!["proposed"]!.GetValue<string>()));

        async Task<JsonObject> ConfirmAsync(string learner, string outcome, string? reason = null) =>
            await host.MutateAsync(admin, Confirm, new { section, results = new[] { new { learnerId = learner, outcome } }, reason },
                "confirmYearEndResults");

        LearnerRequests.Ok(await ConfirmAsync(l[0], "GRADUATED"));
        var learner = (await host.DataAsync(admin, LearnerRequests.Learner, new { id = l[0] }))["learner"]!;
        Assert.Equal("GRADUATED", learner["enrollment"]!["outcome"]!.GetValue<string>());
        // Once only; never on a failing mark; never without every final mark; never from a teacher.
        Assert.Equal(("DUPLICATE", "results[0].learnerId"), LearnerRequests.Error(await ConfirmAsync(l[0], "GRADUATED")));
        Assert.Equal(("RULE_VIOLATED", "results[0].outcome"), LearnerRequests.Error(await ConfirmAsync(l[1], "GRADUATED")));
        Assert.Equal(("RULE_VIOLATED", "results[0].outcome"), LearnerRequests.Error(await ConfirmAsync(l[3], "REPEATING", "Absent")));
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.Teacher("OS-9"), Confirm,
            new { section, results = new[] { new { learnerId = l[2], outcome = "REPEATING" } } }, "confirmYearEndResults")));
        // An outcome confirmed from marks changes by no other path.
        Assert.Equal(("RULE_VIOLATED", "outcome"), LearnerRequests.Error(await host.MutateAsync(admin, LearnerRequests.Outcome,
            new { input = new { learnerId = l[0], schoolYear = LearnerRequests.Year, outcome = "REPEATING", reason = "Why not" } },
            "recordYearEndOutcome")));
        // An outcome recorded by hand before marks were kept is confirmed from them all the same.
        LearnerRequests.Ok(await host.MutateAsync(admin, LearnerRequests.Outcome,
            new { input = new { learnerId = l[2], schoolYear = LearnerRequests.Year, outcome = "REPEATING" } }, "recordYearEndOutcome"));
        // A repeat the marks do not force needs a reason.
        Assert.Equal(("INVALID", "reason"), LearnerRequests.Error(await ConfirmAsync(l[1], "REPEATING")));

        // The make-up exam's mark is a correction; then the learner graduates.
        LearnerRequests.Ok(await host.MutateAsync(admin, Correct,
            new { section, subject = "MAT", term = "FINAL", learner = l[1], mark = "2", reason = "Popravni ispit položen" }, "correctMark"));
        var confirmed = await host.MutateAsync(admin, Confirm, new
        {
            section,
            results = new[] { new { learnerId = l[1], outcome = "GRADUATED" }, new { learnerId = l[2], outcome = "REPEATING" } },
        }, "confirmYearEndResults");
        LearnerRequests.Ok(confirmed);
        Assert.Equal(["GRADUATED", "GRADUATED", "REPEATING", null], confirmed["yearEnd"]!["learners"]!.AsArray()
            .OrderBy(x => Array.IndexOf(l, x!["learnerId"]!.GetValue<string>())).Select(x => x!["confirmed"]?.GetValue<string>()));
        var repeating = (await host.DataAsync(admin, LearnerRequests.Learner, new { id = l[2] }))["learner"]!;
        Assert.Equal("REPEATING", repeating["enrollment"]!["outcome"]!.GetValue<string>());

        // A final mark behind a confirmed result no longer changes.
        Assert.Equal(("RULE_VIOLATED", "term"), LearnerRequests.Error(await host.MutateAsync(admin, Correct,
            new { section, subject = "BOS", term = "FINAL", learner = l[0], mark = "4", reason = "Late" }, "correctMark")));

        // What a diploma will stand on, through Learning's contract: the final marks as corrected, and the outcome.
        var achievements = await host.Service<Contracts.ILearningRecords>().AchievementsAsync(j.Id, Guid.Parse(l[1]), CancellationToken.None);
        Assert.Equal(["BOS:3:True", "MAT:2:True"], achievements.FinalMarks.Select(m => $"{m.Subject}:{m.Mark}:{m.Passing}"));
        Assert.Equal(("GRADUATED", 9), (achievements.Outcomes.Single().Outcome, achievements.Outcomes.Single().Grade));

        // The learner's record: the school sees whose it is; an analyst sees the same marks under a pseudonym.
        var own = (await host.DataAsync(admin, Record_, new { learner = l[1] }))["learnerRecord"]!;
        Assert.Equal(l[1], own["learnerId"]!.GetValue<string>());
        Assert.Equal(["BOS:FINAL:3", "MAT:FINAL:2"], own["marks"]!.AsArray().Select(m => $"{m!["subject"]}:{m["term"]}:{m["mark"]}"));
        Assert.Equal("GRADUATED", own["results"]![0]!["outcome"]!.GetValue<string>());
        var pseudonymous = (await host.DataAsync(j.Analyst, Record_, new { learner = l[1] }))["learnerRecord"]!;
        Assert.Null(pseudonymous["learnerId"]);
        Assert.StartsWith("p-", pseudonymous["pseudonym"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, pseudonymous["marks"]!.AsArray().Count);
        Assert.Empty((await host.DataAsync(j.SchoolAdmin("OS-1"), Record_, new { learner = l[1] }))["learnerRecord"]!["marks"]!.AsArray());
    }

    [Fact]
    public async Task mark_figures_give_numerators_and_denominators_by_subject_and_sex_and_stay_the_same_as_of_an_earlier_sequence()
    {
        var j = new Jurisdiction();
        await SetUpAsync(host, j);
        var school = await host.SchoolAsync(j, "OS-5", "Bihać");
        var admin = j.SchoolAdmin("OS-5");
        var section = await OpenAsync(host, admin, school, 5, "A");
        var l = await LearnersAsync(host, admin, school, 5, "A", "FEMALE", "FEMALE", "MALE", "MALE");
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "BOS", "FINAL", MarkList(l, "5", "4", "1", "2")));
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "MAT", "FINAL", MarkList(l, "3", "1", "1", "5")));
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "MAT", "T1", MarkList(l, "1", "1", "1", "1")));

        var bySubjectSex = (await host.DataAsync(j.Analyst, FiguresQuery, new { year = LearnerRequests.Year, groupBy = new[] { "SUBJECT", "SEX" } }))
            ["markFigures"]!;
        Assert.Equal("FINAL", bySubjectSex["term"]!.GetValue<string>());
        // Rows come in the order of the dimensions (sex, then subject).
        Assert.Equal(
            [
                "BOS/FEMALE 2 avg 9/2=4.5 pass 2/2", "MAT/FEMALE 2 avg 4/2=2 pass 1/2", "BOS/MALE 2 avg 3/2=1.5 pass 1/2",
                "MAT/MALE 2 avg 6/2=3 pass 1/2",
            ],
            bySubjectSex["rows"]!.AsArray()
                .Select(r => $"{r!["subject"]}/{r["sex"]} {r["marks"]} avg {Fig(r["averageMark"])} pass {Part(r["passRate"])}"));
        Assert.All(bySubjectSex["rows"]!.AsArray(), r => Assert.NotNull(r!["failingOne"]!["reason"]));

        // Over all subjects: learner 0 fails none, 1 fails MAT, 2 fails both, 3 fails none.
        var whole = await FiguresAsync(j.Analyst);
        var row = whole["rows"]![0]!;
        Assert.Equal((8, 4), (row["marks"]!.GetValue<int>(), row["learners"]!.GetValue<int>()));
        Assert.Equal("25", $"{row["failingOne"]!["value"]}");
        Assert.Equal((1, 1, 0), (row["failingOne"]!["numerator"]!.GetValue<int>(), row["failingTwo"]!["numerator"]!.GetValue<int>(),
            row["failingThreeOrMore"]!["numerator"]!.GetValue<int>()));
        Assert.Equal("62.5", $"{row["passRate"]!["value"]}");
        var sequence = whole["sequence"]!.GetValue<long>();

        // A make-up exam changes the figures from its sequence on, not before.
        LearnerRequests.Ok(await host.MutateAsync(admin, Correct,
            new { section, subject = "MAT", term = "FINAL", learner = l[1], mark = "2", reason = "Popravni" }, "correctMark"));
        var after = await FiguresAsync(j.Analyst);
        Assert.Equal("75", $"{after["rows"]![0]!["passRate"]!["value"]}");
        // As of the earlier sequence, asked in another scope (so computed anew, not shared): the figures before the correction.
        var then = await FiguresAsync(j.Admin, sequence);
        Assert.Equal(whole["rows"]!.ToJsonString(), then["rows"]!.ToJsonString());
        Assert.Equal("62.5", $"{then["rows"]![0]!["passRate"]!["value"]}");
        // A term's figures, and a municipality officer elsewhere sees nothing.
        var term = (await host.DataAsync(j.Analyst, FiguresQuery, new { year = LearnerRequests.Year, groupBy = Array.Empty<string>(), term = "T1" }))
            ["markFigures"]!;
        Assert.Equal("0", $"{term["rows"]![0]!["passRate"]!["value"]}");
        var elsewhere = (await host.DataAsync(j.Officer("Cazin"), FiguresQuery, new { year = LearnerRequests.Year, groupBy = Array.Empty<string>() }))
            ["markFigures"]!["rows"]![0]!;
        Assert.Equal((0, null, "no marks"), (elsewhere["marks"]!.GetValue<int>(), elsewhere["passRate"]!["value"],
            elsewhere["passRate"]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task subscribers_get_the_mark_figures_then_the_recomputed_ones_when_marks_are_recorded_or_corrected()
    {
        var j = new Jurisdiction();
        await SetUpAsync(host, j);
        var school = await host.SchoolAsync(j, "OS-7", "Bihać");
        var admin = j.SchoolAdmin("OS-7");
        var section = await OpenAsync(host, admin, school, 7, "A");
        var l = await LearnersAsync(host, admin, school, 7, "A", "FEMALE", "MALE");
        await using var officer = await WsClient.ConnectAsync(host, j.Officer("Bihać"));
        await officer.SubscribeAsync("m", """
            subscription { markFiguresChanged(schoolYear: "2025/2026", groupBy: [SUBJECT]) { sequence rows { subject marks passRate { value } } } }
            """);
        static string Rows(JsonObject message) => string.Join(" ", message["payload"]!["data"]!["markFiguresChanged"]!["rows"]!.AsArray()
            .Select(r => $"{r!["subject"]}:{r["marks"]}:{r["passRate"]!["value"]}"));
        Assert.Equal("", Rows(await officer.ReceiveAsync()));

        LearnerRequests.Ok(await RecordAsync(host, admin, section, "MAT", "FINAL", MarkList(l, "4", "1")));
        Assert.Equal("MAT:2:50", Rows(await officer.ReceiveAsync()));
        // A term's marks do not move the final figures: nothing is sent; the make-up exam's correction is.
        LearnerRequests.Ok(await RecordAsync(host, admin, section, "MAT", "T1", MarkList(l, "3", "3")));
        LearnerRequests.Ok(await host.MutateAsync(admin, Correct,
            new { section, subject = "MAT", term = "FINAL", learner = l[1], mark = "2", reason = "Popravni" }, "correctMark"));
        Assert.Equal("MAT:2:100", Rows(await officer.ReceiveAsync()));
    }

    [Fact]
    public async Task figures_refuse_a_wrong_question_by_name_and_records_are_not_for_partners_without_the_grant()
    {
        var j = new Jurisdiction();
        await SetUpAsync(host, j);
        async Task<string> ErrorAsync(Platform.Auth.Caller caller, string query, object variables)
        {
            var errors = (await host.GraphQLAsync(caller, query, variables))["errors"]!.AsArray();
            return $"{errors[0]!["extensions"]!["code"]}: {errors[0]!["message"]}";
        }
        Assert.StartsWith("INVALID_ARGUMENT: schoolYear", await ErrorAsync(j.Analyst, FiguresQuery,
            new { year = "2025-2026", groupBy = Array.Empty<string>() }), StringComparison.Ordinal);
        Assert.StartsWith("INVALID_ARGUMENT: term", await ErrorAsync(j.Analyst, FiguresQuery,
            new { year = LearnerRequests.Year, groupBy = Array.Empty<string>(), term = "T9" }), StringComparison.Ordinal);
        Assert.StartsWith("INVALID_ARGUMENT: filter.sex", await ErrorAsync(j.Analyst, FiguresQuery,
            new { year = LearnerRequests.Year, groupBy = Array.Empty<string>(), filter = new { sex = "F" } }), StringComparison.Ordinal);
        Assert.StartsWith("FORBIDDEN", await ErrorAsync(j.Teacher("OS-1"), FiguresQuery,
            new { year = LearnerRequests.Year, groupBy = Array.Empty<string>() }), StringComparison.Ordinal);
        Assert.StartsWith("FORBIDDEN", await ErrorAsync(j.Partner, Record_, new { learner = Guid.NewGuid() }), StringComparison.Ordinal);
        // A filter narrows: lower-case sex is read as written in upper case.
        var none = await host.DataAsync(j.Analyst, FiguresQuery,
            new { year = LearnerRequests.Year, groupBy = Array.Empty<string>(), filter = new { sex = "female", level = "prim" } });
        Assert.Equal(0, none["markFigures"]!["rows"]![0]!["marks"]!.GetValue<int>());
    }

    private async Task<JsonNode> FiguresAsync(Platform.Auth.Caller caller, long? seq = null) =>
        (await host.DataAsync(caller, FiguresQuery, new { year = LearnerRequests.Year, groupBy = Array.Empty<string>(), seq }))["markFigures"]!;

    private static string Fig(JsonNode? figure) => $"{figure!["numerator"]}/{figure["denominator"]}={figure["value"]}";

    private static string Part(JsonNode? figure) => $"{figure!["numerator"]}/{figure["denominator"]}";

    private async Task<JsonNode?> SheetAsync(Platform.Auth.Caller caller, string section) =>
        (await host.DataAsync(caller, Sheet, new { section, subject = "MAT" }))["markSheet"];
}
