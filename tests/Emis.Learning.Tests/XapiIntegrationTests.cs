using System.Net;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using static Emis.Learning.Tests.XapiRequests;

namespace Emis.Learning.Tests;

/// <summary>
/// <c>POST /xapi/statements</c> over real HTTP on the real host and PostgreSQL (issue 15, part 4): statements as the xAPI
/// 1.0.3 specification writes them, stored whole or not at all, idempotent on their id, and the course figures they make.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class XapiIntegrationTests(EmisHostFixture host)
{
    private sealed record World(Jurisdiction J, string School1, string School2, XapiLearner A, XapiLearner B, XapiLearner C, XapiLearner D);

    /// <summary>
    /// Two schools in two municipalities; Arta (F) and Besnik (M) in 5A at P-1 (Prizren), Drita (F) in 6B at G-1 (Gjakova),
    /// and Dren (M), withdrawn, in no class.
    /// </summary>
    private async Task<World> WorldAsync()
    {
        var j = new Jurisdiction();
        await host.CoursesAsync(j);
        var s1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var s2 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var a = await host.LearnerWithAccountAsync(j, s1, "P-1", "Arta", "Krasniqi", "FEMALE");
        var b = await host.LearnerWithAccountAsync(j, s1, "P-1", "Besnik", "Hoxha", "MALE");
        var c = await host.LearnerWithAccountAsync(j, s2, "G-1", "Drita", "Berisha", "FEMALE", grade: 6, section: "B");
        var d = await host.LearnerWithAccountAsync(j, s1, "P-1", "Dren", "Gashi", "MALE");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = d.Id.ToString(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));
        return new World(j, s1, s2, a, b, c, d);
    }

    private async Task<string[]> AcceptedAsync(Caller caller, string json)
    {
        var (status, version, body) = await host.PostStatementsAsync(caller, json);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body?.ToJsonString()}");
        Assert.Equal("1.0.3", version);
        return [.. body!.AsArray().Select(i => i!.GetValue<string>())];
    }

    private async Task<JsonObject> FiguresAsync(Caller caller, string[] groupBy, object? filter = null, long? asOfSequence = null) =>
        (await host.DataAsync(caller, XapiRequests.Figures, new { groupBy, filter, asOfSequence }))["courseFigures"]!.AsObject();

    private static JsonObject Row(JsonObject figures, string key, string value) =>
        figures["rows"]!.AsArray().Single(r => r![key]?.ToString() == value)!.AsObject();

    private static (decimal? Value, decimal? Numerator, decimal? Denominator) Figure(JsonObject row, string name) =>
        (row[name]!["value"]?.GetValue<decimal>(), row[name]!["numerator"]?.GetValue<decimal>(), row[name]!["denominator"]?.GetValue<decimal>());

    private static string Answered(bool success, decimal scaled) =>
        $"{{\"score\":{{\"scaled\":{scaled.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}," +
        $"\"success\":{(success ? "true" : "false")}}}";

    [Fact]
    public async Task the_specifications_attempted_statement_with_a_scaled_score_is_stored_and_the_same_id_again_adds_nothing()
    {
        var w = await WorldAsync();
        var j = w.J;
        // Appendix A's "attempted" statement of the xAPI 1.0.3 data specification, its actor one of the jurisdiction's learners and
        // its activity a registered course.
        var id = Guid.Parse("7ccd3322-e1a5-411a-a67d-6a735c76f119");
        var statement = $$"""
            {
              "id": "{{id}}",
              "timestamp": "2015-12-18T12:17:00+00:00",
              "actor": { "objectType": "Agent", "name": "Example Learner", "mbox": "mailto:{{w.A.Username}}" },
              "verb": { "id": "http://adlnet.gov/expapi/verbs/attempted", "display": { "en-US": "attempted" } },
              "object": {
                "id": "{{Algebra}}/unit-1",
                "definition": { "name": { "en-US": "simple CBT course" }, "description": { "en-US": "A fictitious example CBT course." } }
              },
              "result": { "score": { "scaled": 0.95 }, "success": true, "completion": true, "duration": "PT1234S" }
            }
            """;
        Assert.Equal([id.ToString()], await AcceptedAsync(j.Platform(), statement));
        Assert.Equal(1, await host.EventCountAsync(j.Id, "learning.course_statements_recorded"));

        // The same statement again — even with its verb's display, its definition and its timestamp's zone written otherwise, which
        // the specification says are not the statement — is accepted and adds no event.
        var again = statement.Replace("\"en-US\": \"attempted\"", "\"sq\": \"u përpoq\"", StringComparison.Ordinal)
            .Replace("simple CBT course", "kurs", StringComparison.Ordinal)
            .Replace("2015-12-18T12:17:00+00:00", "2015-12-18T13:17:00+01:00", StringComparison.Ordinal);
        Assert.Equal([id.ToString()], await AcceptedAsync(j.Platform(), $"[{again}]"));
        Assert.Equal(1, await host.EventCountAsync(j.Id, "learning.course_statements_recorded"));

        // The same id with another score is a conflict, and nothing else of the request is stored.
        var other = Guid.NewGuid();
        var changed = statement.Replace("0.95", "0.5", StringComparison.Ordinal);
        var (status, version, body) = await host.PostStatementsAsync(j.Platform(),
            $"[{Statement(ByMbox(w.B), "launched", Algebra, other)}, {changed}]");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("1.0.3", version);
        Assert.Equal([("CONFLICT", "statements[1].id")], Errors(body));
        Assert.DoesNotContain(other, await host.StoredIdsAsync(j.Id));

        var figures = await FiguresAsync(j.Admin, ["COURSE"]);
        var algebra = Row(figures, "course", Algebra);
        Assert.Equal("Algebra 1", algebra["courseName"]!.GetValue<string>());
        Assert.Equal((0.95m, 0.95m, 1m), Figure(algebra, "averageScaledScore"));
        Assert.Equal(1, algebra["quizAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_batch_with_one_bad_statement_is_refused_whole_naming_every_problem_and_nothing_of_it_is_stored()
    {
        var w = await WorldAsync();
        var j = w.J;
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var batch = $"[{Statement(ByMbox(w.A), "launched", Algebra, ids[0])}," +
                    $"{Statement(ByMbox(w.B), "answered", Algebra + "/q1", ids[1],
                        "{\"score\":{\"scaled\":1.5,\"raw\":12,\"min\":0,\"max\":10}}")}," +
                    $"{Statement(ByMbox(w.C), "completed", Algebra, ids[2])}]";
        var (status, version, body) = await host.PostStatementsAsync(j.Platform(), batch);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("1.0.3", version);
        Assert.Equal([("INVALID", "statements[1].result.score.scaled"), ("INVALID", "statements[1].result.score.raw")], Errors(body));
        Assert.Contains("between -1 and 1", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A batch whose statements are well formed but name an unknown learner and an activity of no course: both named, nothing stored.
        var stranger = new XapiLearner(Guid.NewGuid(), "123456789012", "nobody@nowhere.example");
        var refused = await host.PostStatementsAsync(j.Platform(),
            $"[{Statement(ByMbox(w.A), "launched", Algebra, ids[0])},{Statement(j.ByEduId(stranger), "launched", Algebra)}," +
            $"{Statement(ByMbox(w.A), "launched", "https://lms.example.org/course/algebra-10")}]");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal([("NOT_FOUND", "statements[1].actor.account.name"), ("NOT_FOUND", "statements[2].object.id")], Errors(refused.Body));
        Assert.Contains($"No learner of jurisdiction {j.Id} has this EduID", refused.Body!["errors"]![0]!["message"]!.GetValue<string>(),
            StringComparison.Ordinal);

        Assert.Empty(await host.StoredIdsAsync(j.Id));
        Assert.Equal(0, await host.EventCountAsync(j.Id, "learning.course_statements_recorded"));
        // Once right, the same statements go in.
        Assert.Equal(ids.Select(i => i.ToString()), await AcceptedAsync(j.Platform(), batch.Replace("1.5", "0.5", StringComparison.Ordinal)
            .Replace("\"raw\":12", "\"raw\":5", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task learners_are_known_by_eduid_or_account_name_and_only_in_the_platforms_own_jurisdiction()
    {
        var w = await WorldAsync();
        var j = w.J;
        var ids = await AcceptedAsync(j.Platform(), $"[{Statement(j.ByEduId(w.A), "launched", Algebra)}," +
            $"{Statement(j.ByEduId(w.A, grouped: true), "completed", Algebra)},{Statement(ByAccountName(w.B), "launched", Algebra)}," +
            $"{Statement(ByMbox(w.C), "launched", Reading)}]");
        Assert.Equal(4, ids.Length);
        Assert.All(ids, i => Assert.True(Guid.TryParse(i, out _)));
        var progress = (await host.DataAsync(j.Admin, Progress, new { learner = w.A.Id }))["learnerCourseProgress"]!;
        var course = Assert.Single(progress["courses"]!.AsArray())!;
        Assert.Equal((Algebra, 2, true, true), (course["course"]!.GetValue<string>(), course["statements"]!.GetValue<int>(),
            course["started"]!.GetValue<bool>(), course["completed"]!.GetValue<bool>()));

        // The same learners as another jurisdiction's platform sees them: unknown there (tenants are jurisdictions).
        var other = new Jurisdiction();
        await host.CoursesAsync(other);
        var refused = await host.PostStatementsAsync(other.Platform(),
            $"[{Statement(ByMbox(w.A), "launched", Algebra)},{Statement(other.ByEduId(w.B), "launched", Algebra)}]");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal([("NOT_FOUND", "statements[0].actor"), ("NOT_FOUND", "statements[1].actor.account.name")], Errors(refused.Body));
        Assert.Empty(await host.StoredIdsAsync(other.Id));
        // An account elsewhere named by an opaque number cannot be mapped to a learner.
        var opaque = await host.PostStatementsAsync(j.Platform(),
            Statement("{\"account\":{\"homePage\":\"http://www.example.com\",\"name\":\"1625378\"}}", "launched", Algebra));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].actor.account")], Errors(opaque.Body));
    }

    [Fact]
    public async Task only_a_partner_with_the_learning_platform_grant_sends_statements_and_the_version_header_is_required()
    {
        var w = await WorldAsync();
        var j = w.J;
        var statement = Statement(ByMbox(w.A), "launched", Algebra);
        var anonymous = await host.PostStatementsAsync(null, statement);
        Assert.Equal((HttpStatusCode.Unauthorized, "1.0.3"), (anonymous.Status, anonymous.Version));
        var partner = await host.PostStatementsAsync(j.Partner, statement);
        Assert.Equal((HttpStatusCode.Forbidden, "1.0.3"), (partner.Status, partner.Version));
        Assert.Contains("learning-platform", partner.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostStatementsAsync(j.Admin, statement)).Status);
        var noHeader = await host.PostStatementsAsync(j.Platform(), statement, version: null);
        Assert.Equal((HttpStatusCode.BadRequest, "1.0.3"), (noHeader.Status, noHeader.Version));
        Assert.Equal([("REQUIRED", "X-Experience-API-Version")], Errors(noHeader.Body));
        var wrongHeader = await host.PostStatementsAsync(j.Platform(), statement, version: "2.0.0");
        Assert.Equal([("INVALID", "X-Experience-API-Version")], Errors(wrongHeader.Body));
        Assert.Empty(await host.StoredIdsAsync(j.Id));
        Assert.Single(await AcceptedAsync(j.Platform(), statement));
    }

    /// <summary>
    /// Twelve statements whose figures are worked out by hand; then the voiding of one changes them from its sequence on,
    /// while the figures as of the sequence before stay as they were.
    /// </summary>
    [Fact]
    public async Task course_figures_are_the_hand_computed_ones_and_as_of_an_earlier_sequence_they_do_not_change()
    {
        var w = await WorldAsync();
        var j = w.J;
        var wrong = Guid.NewGuid();
        var alg = Category(Algebra, "ALG");
        await AcceptedAsync(j.Platform(), "[" + string.Join(",",
            Statement(ByMbox(w.A), "launched", Algebra),
            Statement(ByMbox(w.A), "answered", Algebra + "/q1", result: Answered(true, 1.0m), context: alg),
            Statement(ByMbox(w.A), "answered", Algebra + "/q2", wrong, Answered(false, 0m), alg),
            Statement(ByMbox(w.A), "completed", Algebra, result: "{\"score\":{\"scaled\":0.8},\"completion\":true}"),
            Statement(ByMbox(w.B), "launched", Algebra),
            Statement(ByMbox(w.B), "answered", Algebra + "/q1", result: Answered(true, 1.0m), context: alg),
            Statement(ByMbox(w.B), "attempted", Algebra + "/quiz-eq",
                context: "{\"extensions\":{\"urn:emis:xapi:content-category\":\"eq\"}}"),
            Statement(ByMbox(w.C), "attempted", Algebra),
            Statement(ByMbox(w.C), "passed", Algebra, result: "{\"score\":{\"scaled\":0.9},\"success\":true,\"completion\":true}"),
            Statement(ByMbox(w.D), "launched", Algebra),
            Statement(ByMbox(w.A), "launched", Reading),
            Statement(ByMbox(w.A), "completed", Reading, result: "{\"completion\":true}")) + "]");

        var byCourse = await FiguresAsync(j.Admin, ["COURSE"]);
        var algebra = Row(byCourse, "course", Algebra);
        Assert.Equal((10, 4, 5), (algebra["statements"]!.GetValue<int>(), algebra["learners"]!.GetValue<int>(),
            algebra["quizAttempts"]!.GetValue<int>()));
        Assert.Equal((50m, 2m, 4m), Figure(algebra, "completionRate"));
        Assert.Equal((1.25m, 5m, 4m), Figure(algebra, "attemptsPerLearner"));
        Assert.Equal((66.67m, 2m, 3m), Figure(algebra, "percentCorrect"));
        Assert.Equal((0.74m, 3.7m, 5m), Figure(algebra, "averageScaledScore"));
        var reading = Row(byCourse, "course", Reading);
        Assert.Equal((100m, 1m, 1m), Figure(reading, "completionRate"));
        Assert.Equal((null, 0m, 0m), Figure(reading, "percentCorrect"));
        Assert.NotNull(reading["percentCorrect"]!["reason"]);
        Assert.Equal((null, 0m, 0m), Figure(reading, "averageScaledScore"));

        var bySex = await FiguresAsync(j.Admin, ["SEX"], new { course = Algebra });
        Assert.Equal((100m, 2m, 2m), Figure(Row(bySex, "sex", "FEMALE"), "completionRate"));
        Assert.Equal((0m, 0m, 2m), Figure(Row(bySex, "sex", "MALE"), "completionRate"));
        var byMunicipality = await FiguresAsync(j.Admin, ["MUNICIPALITY"], new { course = Algebra });
        Assert.Equal(["Gjakova:1", "NONE:1", "Prizren:2"], byMunicipality["rows"]!.AsArray()
            .Select(r => $"{r!["municipality"]}:{r["learners"]}").Order(StringComparer.Ordinal));
        var byCategory = await FiguresAsync(j.Admin, ["CONTENT_CATEGORY"], new { course = Algebra });
        Assert.Equal((66.67m, 2m, 3m), Figure(Row(byCategory, "contentCategory", "ALG"), "percentCorrect"));
        Assert.Equal(1, Row(byCategory, "contentCategory", "EQ")["quizAttempts"]!.GetValue<int>());
        Assert.Equal(6, Row(byCategory, "contentCategory", "NONE")["statements"]!.GetValue<int>());
        var bySection = await FiguresAsync(j.Admin, ["SECTION"], new { course = Algebra });
        Assert.Equal(["G-1 6B:1", "NONE NONE:1", "P-1 5A:2"], bySection["rows"]!.AsArray()
            .Select(r => $"{r!["schoolCode"]} {r["grade"]}{r["section"]}:{r["learners"]}").Order(StringComparer.Ordinal));

        // Scopes: a school admin sees their school's learners, an officer their municipality's.
        var school = Row(await FiguresAsync(j.SchoolAdmin("P-1"), ["COURSE"]), "course", Algebra);
        Assert.Equal((7, 2), (school["statements"]!.GetValue<int>(), school["learners"]!.GetValue<int>()));
        Assert.Equal((50m, 1m, 2m), Figure(school, "completionRate"));
        Assert.Equal((0.7m, 2.8m, 4m), Figure(school, "averageScaledScore"));
        var officer = Row(await FiguresAsync(j.Officer("Gjakova"), ["COURSE"]), "course", Algebra);
        Assert.Equal((2, 1), (officer["statements"]!.GetValue<int>(), officer["learners"]!.GetValue<int>()));

        // Arta's wrong answer is voided (the specification's voiding statement, its actor an administrator).
        var before = byCourse["sequence"]!.GetValue<long>();
        await AcceptedAsync(j.Platform(), $$"""
            {
              "actor": { "objectType": "Agent", "name": "Example Admin", "mbox": "mailto:admin@example.adlnet.gov" },
              "verb": { "id": "http://adlnet.gov/expapi/verbs/voided", "display": { "en-US": "voided" } },
              "object": { "objectType": "StatementRef", "id": "{{wrong}}" }
            }
            """);
        Assert.Equal(1, await host.EventCountAsync(j.Id, "learning.course_statements_voided"));
        var after = Row(await FiguresAsync(j.Admin, ["COURSE"]), "course", Algebra);
        Assert.Equal((9, 4), (after["statements"]!.GetValue<int>(), after["quizAttempts"]!.GetValue<int>()));
        Assert.Equal((100m, 2m, 2m), Figure(after, "percentCorrect"));
        Assert.Equal((0.93m, 3.7m, 4m), Figure(after, "averageScaledScore"));
        var then = await FiguresAsync(j.Admin, ["COURSE"], asOfSequence: before);
        Assert.Equal(before, then["sequence"]!.GetValue<long>());
        Assert.Equal(byCourse["rows"]!.ToJsonString(), then["rows"]!.ToJsonString());

        // A learner's own record: the ministry sees it by id, an analyst without the grant under a pseudonym, another school nothing.
        var progress = (await host.DataAsync(j.Admin, Progress, new { learner = w.A.Id }))["learnerCourseProgress"]!;
        Assert.Equal(w.A.Id.ToString(), progress["learnerId"]!.GetValue<string>());
        var courses = progress["courses"]!.AsArray();
        Assert.Equal([Algebra, Reading], courses.Select(c => c!["course"]!.GetValue<string>()));
        Assert.Equal((3, true, true, 1.0m), (courses[0]!["statements"]!.GetValue<int>(), courses[0]!["started"]!.GetValue<bool>(),
            courses[0]!["completed"]!.GetValue<bool>(), courses[0]!["bestScaledScore"]!.GetValue<decimal>()));
        Assert.Null(courses[1]!["bestScaledScore"]);
        var pseudonymous = (await host.DataAsync(j.Analyst, Progress, new { learner = w.A.Id }))["learnerCourseProgress"]!;
        Assert.Null(pseudonymous["learnerId"]);
        Assert.StartsWith("p-", pseudonymous["pseudonym"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, pseudonymous["courses"]!.AsArray().Count);
        Assert.Empty((await host.DataAsync(j.SchoolAdmin("G-1"), Progress, new { learner = w.A.Id }))["learnerCourseProgress"]!["courses"]!
            .AsArray());
    }

    [Fact]
    public async Task a_voiding_statement_cannot_be_voided_and_a_statement_voided_before_it_arrives_never_counts()
    {
        var w = await WorldAsync();
        var j = w.J;
        var late = Guid.NewGuid();
        var voiding = Guid.NewGuid();
        static string Void(Guid id, Guid target) =>
            $"{{\"id\":\"{id}\",\"actor\":{{\"mbox\":\"mailto:admin@example.org\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}}," +
            $"\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{target}\"}}}}";
        // The specification asks an LRS not to refuse a voiding statement whose target it has not received.
        await AcceptedAsync(j.Platform(), Void(voiding, late));
        var refused = await host.PostStatementsAsync(j.Platform(), Void(Guid.NewGuid(), voiding));
        Assert.Equal([("RULE_VIOLATED", "statements[0].object.id")], Errors(refused.Body));

        await AcceptedAsync(j.Platform(), $"[{Statement(ByMbox(w.A), "launched", Algebra, late)},{Statement(ByMbox(w.B), "launched", Algebra)}]");
        var algebra = Row(await FiguresAsync(j.Admin, ["COURSE"]), "course", Algebra);
        Assert.Equal((1, 1), (algebra["statements"]!.GetValue<int>(), algebra["learners"]!.GetValue<int>()));
        // Sending the voiding statement again is the same statement: nothing new.
        await AcceptedAsync(j.Platform(), Void(voiding, late));
        Assert.Equal(1, await host.EventCountAsync(j.Id, "learning.course_statements_voided"));
    }

    [Fact]
    public async Task statements_never_carry_an_eduid_or_account_name_into_events_or_logs()
    {
        var w = await WorldAsync();
        var j = w.J;
        await AcceptedAsync(j.Platform(), $"[{Statement(j.ByEduId(w.A), "launched", Algebra)},{Statement(ByMbox(w.B), "launched", Algebra)}]");
        var refused = await host.PostStatementsAsync(j.Platform(), Statement(j.ByEduId(w.A), "launched", "https://elsewhere.example/x"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select data::text from emis.mt_events where tenant_id = $1 and type like 'learning.%'",
            connection);
        command.Parameters.Add(new() { Value = j.Id });
        var data = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) data.Add(reader.GetString(0));
        }
        var stored = Assert.Single(data);
        Assert.Contains(w.A.Id.ToString(), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(w.A.EduId, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(w.B.Username, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(w.A.EduId, StringComparison.Ordinal)
            || l.Contains(w.B.Username, StringComparison.OrdinalIgnoreCase));
    }
}
