using System.Text.Json;
using Emis.Learning.Xapi;

namespace Emis.Learning.Tests;

/// <summary>The xAPI 1.0.3 statement checks, without a database: the specification's own examples, and what it says to refuse.</summary>
public sealed class XapiStatementParserTests
{
    private const string HomePage = "https://una-sana.emis.example/eduid";
    private static readonly Guid Generated = Guid.Parse("0190f2a4-0000-7000-8000-000000000001");

    private static ParsedStatements Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return StatementParser.Parse(document.RootElement, HomePage, () => Generated);
    }

    private static XapiStatement One(string json)
    {
        var parsed = Parse(json);
        Assert.True(parsed.Valid, string.Join("\n", parsed.Errors));
        return Assert.Single(parsed.Statements);
    }

    private static IReadOnlyList<(string Code, string? Field)> Problems(string json)
    {
        var parsed = Parse(json);
        Assert.Empty(parsed.Statements);
        return [.. parsed.Errors.Select(e => (e.Code, e.Field))];
    }

    /// <summary>Appendix A's "attempted" statement, as the specification writes it (its actor in <see cref="With"/>'s place).</summary>
    private const string AttemptedBy = """
        {
            "id":"7ccd3322-e1a5-411a-a67d-6a735c76f119",
            "timestamp": "2015-12-18T12:17:00+00:00",
            "actor":ACTOR,
            "verb":{
                "id":"http://adlnet.gov/expapi/verbs/attempted",
                "display":{
                    "en-US":"attempted"
                }
            },
            "object":{
                "id":"http://example.adlnet.gov/xapi/example/simpleCBT",
                "definition":{
                    "name":{
                        "en-US":"simple CBT course"
                    },
                    "description":{
                        "en-US":"A fictitious example CBT course."
                    }
                }
            },
            "result":{
                "score":{
                    "scaled":0.95
                },
                "success":true,
                "completion":true,
                "duration": "PT1234S"
            }
        }
        """;

    private const string ExampleLearner = """{"objectType": "Agent", "name":"Example Learner", "mbox":"mailto:example.learner@adlnet.gov"}""";

    private static readonly string Attempted = With(ExampleLearner);

    /// <summary>The attempted statement with another actor.</summary>
    private static string With(string actor) => AttemptedBy.Replace("ACTOR", actor, StringComparison.Ordinal);

    /// <summary>Section 2.3.2's voiding statement, as the specification writes it (no id: the LRS gives one).</summary>
    private const string Voiding = """
        {
            "actor" : {
                "objectType": "Agent",
                "name" : "Example Admin",
                "mbox" : "mailto:admin@example.adlnet.gov"
            },
            "verb" : {
                "id":"http://adlnet.gov/expapi/verbs/voided",
                "display":{
                    "en-US":"voided"
                }
            },
            "object" : {
                "objectType":"StatementRef",
                "id" : "e05aa883-acaf-40ad-bf54-02c8ce485fb0"
            }
        }
        """;

    [Fact]
    public void the_specifications_attempted_statement_is_read_with_its_scaled_score_result_and_learner()
    {
        var s = One(Attempted);
        Assert.Equal(Guid.Parse("7ccd3322-e1a5-411a-a67d-6a735c76f119"), s.Id);
        Assert.Equal(new LearnerIdentifier(LearnerKey.AccountName, "example.learner@adlnet.gov"), s.Learner);
        Assert.Equal(XapiVerbs.Attempted, s.Verb);
        Assert.Equal("http://example.adlnet.gov/xapi/example/simpleCBT", s.ActivityId);
        Assert.Equal(0.95m, s.Scaled);
        Assert.Null(s.Raw);
        Assert.Equal((true, true, "PT1234S"), (s.Success, s.Completion, s.Duration));
        Assert.Equal(new DateTimeOffset(2015, 12, 18, 12, 17, 0, TimeSpan.Zero), s.Timestamp);
        Assert.False(s.IsVoiding);
        Assert.Matches("^[0-9a-f]{64}$", s.Hash);
    }

    [Fact]
    public void the_specifications_voiding_statement_names_the_statement_it_voids_and_gets_an_id_from_the_lrs()
    {
        var s = One(Voiding);
        Assert.True(s.IsVoiding);
        Assert.Equal(Guid.Parse("e05aa883-acaf-40ad-bf54-02c8ce485fb0"), s.Voids);
        Assert.Equal(Generated, s.Id);
        Assert.Null(s.Learner);
        // Its object must be a StatementRef, and a StatementRef is only for voiding.
        Assert.Equal([("INVALID", "statements[0].object.objectType")],
            Problems(Voiding.Replace("\"objectType\":\"StatementRef\",", "", StringComparison.Ordinal)));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].object.objectType")],
            Problems(Voiding.Replace("verbs/voided", "verbs/attempted", StringComparison.Ordinal)));
    }

    [Fact]
    public void a_batch_with_one_bad_statement_gives_no_statement_and_names_the_statement_and_field()
    {
        var bad = Attempted.Replace("0.95", "1.5", StringComparison.Ordinal).Replace("7ccd3322", "8ccd3322", StringComparison.Ordinal);
        var parsed = Parse($"[{Attempted}, {bad}]");
        Assert.Empty(parsed.Statements);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(("INVALID", "statements[1].result.score.scaled"), (error.Code, error.Field));
        Assert.Contains("between -1 and 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void every_problem_of_a_statement_is_named_by_its_field()
    {
        var json = """
            {
              "id": "not-a-uuid",
              "actor": { "objectType": "Agent", "mbox": "mailto:a@example.org", "account": { "homePage": "http://x.example", "name": "1" } },
              "verb": { "id": "attempted" },
              "object": { "id": "http://example.org/a", "definition": { "type": "not an iri" } },
              "result": { "score": { "raw": 12, "min": 0, "max": 10 }, "success": "true", "completion": null, "duration": "90 minutes" },
              "timestamp": "18.12.2015 12:17",
              "colour": "blue"
            }
            """;
        Assert.Equal(
        [
            ("INVALID", "statements[0].colour"), ("INVALID", "statements[0].id"), ("INVALID", "statements[0].verb.id"),
            ("INVALID", "statements[0].actor"), ("INVALID", "statements[0].object.definition.type"), ("INVALID", "statements[0].result.score.raw"),
            ("INVALID", "statements[0].result.success"), ("INVALID", "statements[0].result.completion"), ("INVALID", "statements[0].result.duration"),
            ("INVALID", "statements[0].timestamp"),
        ], Problems(json));
    }

    [Fact]
    public void actors_are_learners_named_by_eduid_or_account_name_and_other_identifiers_are_refused()
    {
        Assert.Equal(new LearnerIdentifier(LearnerKey.EduId, "1234 5678 9012"),
            One(With($$$"""{"account":{"homePage":"{{{HomePage}}}/","name":"1234 5678 9012"}}""")).Learner);
        Assert.Equal(new LearnerIdentifier(LearnerKey.AccountName, "Arta.Krasniqi@una-sana.example"),
            One(With("""{"account":{"homePage":"https://login.microsoftonline.com","name":"Arta.Krasniqi@una-sana.example"}}""")).Learner);
        Assert.Equal([("NOT_SUPPORTED", "statements[0].actor.account")],
            Problems(With("""{"account":{"homePage":"http://www.example.com","name":"1625378"}}""")));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].actor.mbox_sha1sum")],
            Problems(With("""{"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}""")));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].actor.openid")], Problems(With("""{"openid":"http://toby.openid.example.org/"}""")));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].actor")],
            Problems(With("""{"objectType":"Group","name":"Team PB","mbox":"mailto:teampb@example.com"}""")));
        Assert.Equal([("INVALID", "statements[0].actor")], Problems(With("""{"name":"Nobody"}""")));
        Assert.Equal([("INVALID", "statements[0].actor.mbox")], Problems(With("""{"mbox":"example.learner@adlnet.gov"}""")));
        Assert.Equal([("INVALID", "statements[0].actor.account.homePage")], Problems(With("""{"account":{"homePage":"eduid","name":"1"}}""")));
        // A voiding statement's actor (an administrator) is checked, not mapped: any identifier will do.
        Assert.Null(One(Voiding.Replace("\"mbox\" : \"mailto:admin@example.adlnet.gov\"",
            "\"mbox_sha1sum\" : \"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\"", StringComparison.Ordinal)).Learner);
    }

    [Fact]
    public void numbers_booleans_and_nulls_are_refused_where_the_specification_refuses_them()
    {
        Assert.Equal([("INVALID", "statements[0].result.score.scaled")], Problems(Attempted.Replace("0.95", "\"0.95\"", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].result.score.max")],
            Problems(Attempted.Replace("\"scaled\":0.95", "\"min\":10,\"max\":10", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].result.duration")],
            Problems(Attempted.Replace("PT1234S", "PT", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].verb.display")],
            Problems(Attempted.Replace("\"en-US\":\"attempted\"", "\"en US\":\"attempted\"", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].object.definition.name.en-US")],
            Problems(Attempted.Replace("\"en-US\":\"simple CBT course\"", "\"en-US\":null", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].verb.Id")], Problems(Attempted.Replace("\"id\":\"http://adlnet.gov/expapi/verbs/attempted\"",
            "\"id\":\"http://adlnet.gov/expapi/verbs/attempted\",\"Id\":\"x\"", StringComparison.Ordinal)));
        Assert.Equal([("NOT_SUPPORTED", "statements[0].attachments")],
            Problems(Attempted.Replace("\"timestamp\"", "\"attachments\":[],\"timestamp\"", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].version")],
            Problems(Attempted.Replace("\"timestamp\"", "\"version\":\"2.0.0\",\"timestamp\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void timestamps_and_durations_follow_iso_8601()
    {
        Assert.Equal(new DateTimeOffset(2013, 5, 18, 5, 32, 34, 804, TimeSpan.Zero), StatementParser.Timestamp("2013-05-18T05:32:34.804+00:00"));
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 7, 30, 0, TimeSpan.Zero), StatementParser.Timestamp("2025-10-01T09:30:00+02:00"));
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 9, 30, 0, TimeSpan.Zero), StatementParser.Timestamp("2025-10-01T09:30:00"));
        Assert.NotNull(StatementParser.Timestamp("2016-01-25T20:40:21.350153+00:00"));
        Assert.NotNull(StatementParser.Timestamp("2016-01-25T20:40:21.123456789Z"));
        Assert.Null(StatementParser.Timestamp("2025-10-01T09:30:00-00:00"));
        Assert.Null(StatementParser.Timestamp("2025-13-01T09:30:00Z"));
        Assert.Null(StatementParser.Timestamp("2025-10-01 09:30"));
        foreach (var good in new[] { "PT4H35M59.14S", "P16559.14S", "P3Y1M29DT4H35M59.14S", "P3Y", "P4W", "PT1234S" })
        {
            Assert.True(StatementParser.IsDuration(good), good);
        }
        foreach (var bad in new[] { "P", "PT", "4H", "P1H", "PT1.S", "P4W1D", "PT1H2", "" }) Assert.False(StatementParser.IsDuration(bad), bad);
    }

    [Fact]
    public void the_fingerprint_ignores_what_the_specification_says_is_not_the_statement_and_nothing_else()
    {
        var hash = One(Attempted).Hash;
        var same = Attempted
            .Replace("\"en-US\":\"attempted\"", "\"sq\":\"u përpoq\"", StringComparison.Ordinal)
            .Replace("simple CBT course", "kurs", StringComparison.Ordinal)
            .Replace("2015-12-18T12:17:00+00:00", "2015-12-18T13:17:00.000+01:00", StringComparison.Ordinal)
            .Replace("\"mbox\":\"mailto:example.learner@adlnet.gov\"", $"\"account\":{{\"homePage\":\"{HomePage}\",\"name\":\"123456789012\"}}",
                StringComparison.Ordinal)
            .Replace("\"definition\"", "\"objectType\":\"Activity\",\"definition\"", StringComparison.Ordinal)
            .Replace("\"timestamp\"", "\"version\":\"1.0.3\",\"stored\":\"2020-01-01T00:00:00Z\",\"timestamp\"", StringComparison.Ordinal);
        Assert.Equal(hash, One(same).Hash);
        Assert.NotEqual(hash, One(Attempted.Replace("0.95", "0.950", StringComparison.Ordinal)).Hash);
        Assert.NotEqual(hash, One(Attempted.Replace("PT1234S", "PT20M34S", StringComparison.Ordinal)).Hash);
        Assert.NotEqual(hash, One(Attempted.Replace("12:17:00", "12:17:01", StringComparison.Ordinal)).Hash);
    }

    [Fact]
    public void a_batch_names_each_id_given_twice_and_a_body_that_is_no_statement()
    {
        Assert.Equal([("DUPLICATE", "statements[2].id")], Problems($"[{Attempted},{Voiding},{Attempted}]"));
        Assert.Equal([("REQUIRED", "statements")], Problems("[]"));
        Assert.Equal([("INVALID", null)], Problems("\"statement\""));
        Assert.Equal([("INVALID", "statements[1]")], Problems($"[{Attempted},42]"));
        Assert.Equal([("INVALID", "statements[0]")], Problems(Attempted.Replace("\"success\":true", "\"success\":true,\"success\":false",
            StringComparison.Ordinal)));
    }

    [Fact]
    public void content_categories_and_course_context_are_read_from_context_activities_and_the_emis_extension()
    {
        var withContext = Attempted.Replace("\"timestamp\"", """
            "context": {
              "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
              "contextActivities": {
                "parent": { "id": "https://lms.example.org/course/algebra-1" },
                "grouping": [ { "id": "https://lms.example.org/programme/os", "objectType": "Activity" } ],
                "category": [ { "id": "https://w3id.org/xapi/cmi5/context/categories/moveon" },
                              { "id": "https://lms.example.org/course/algebra-1/category/ALG" } ]
              },
              "platform": "Moodle",
              "language": "sq-AL"
            },
            "timestamp"
            """, StringComparison.Ordinal);
        var s = One(withContext);
        Assert.Equal(["https://lms.example.org/course/algebra-1", "https://lms.example.org/programme/os"], s.ContextIris);
        Assert.Equal(2, s.CategoryIris.Count);
        Assert.Null(s.CategoryCode);
        Assert.Equal("statements[0].context.contextActivities.category", s.CategoryField);

        var coded = One(withContext.Replace("\"platform\"", "\"extensions\": { \"urn:emis:xapi:content-category\": \"EQ\" }, \"platform\"",
            StringComparison.Ordinal));
        Assert.Equal(("EQ", "statements[0].context.extensions"), (coded.CategoryCode, coded.CategoryField));
        Assert.Equal([("INVALID", "statements[0].context.extensions")], Problems(withContext.Replace("\"platform\"",
            "\"extensions\": { \"urn:emis:xapi:content-category\": 7 }, \"platform\"", StringComparison.Ordinal)));
        Assert.Equal([("INVALID", "statements[0].context.registration")],
            Problems(withContext.Replace("ec531277-b57b-4c15-8d91-d292c5b2b8f7", "ec531277", StringComparison.Ordinal)));
    }
}
