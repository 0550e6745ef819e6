using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine.Marten;

namespace Emis.Learning.Tests;

/// <summary>A learner the xAPI tests send statements about: their id and the identifiers Credentials issued them.</summary>
internal sealed record XapiLearner(Guid Id, string EduId, string Username);

/// <summary>Courses, learners with accounts, and <c>POST /xapi/statements</c> over real HTTP, for the xAPI tests.</summary>
internal static class XapiRequests
{
    public const string Algebra = "https://lms.example.org/course/algebra-1";
    public const string Reading = "https://lms.example.org/course/reading-3";

    public const string RegisterCourse = """
        mutation($id: String!, $name: String!, $language: String, $categories: [ContentCategoryInput!], $programme: String) {
          registerCourse(id: $id, name: $name, language: $language, contentCategories: $categories, programme: $programme) {
            course { id name language programme contentCategories { code name } version } errors { code field message }
          }
        }
        """;

    public const string Figures = """
        query($groupBy: [CourseDimension!]!, $filter: CourseFiguresFilter, $asOfSequence: Long) {
          courseFigures(groupBy: $groupBy, filter: $filter, asOfSequence: $asOfSequence) {
            sequence
            rows {
              municipality schoolCode grade section sex course courseName contentCategory statements learners quizAttempts
              completionRate { value numerator denominator reason } attemptsPerLearner { value numerator denominator reason }
              percentCorrect { value numerator denominator reason } averageScaledScore { value numerator denominator reason }
            }
          }
        }
        """;

    public const string Progress = """
        query($learner: ID!) {
          learnerCourseProgress(learnerId: $learner) {
            learnerId pseudonym courses { course courseName statements started completed passed bestScaledScore lastActivityAt }
          }
        }
        """;

    /// <summary>The partner token of a learning platform in the jurisdiction.</summary>
    public static Caller Platform(this Jurisdiction j) =>
        new("lms-1", Roles.Partner, j.Id, null, null) { GrantedRights = [Grants.LearningPlatform] };

    /// <summary>The jurisdiction's EduID home page (the default: no setting in the tests).</summary>
    public static string EduIdHomePage(this Jurisdiction j) => $"https://{j.Id}.emis.example/eduid";

    /// <summary>The education structure and the two courses: algebra with two content categories, reading with none.</summary>
    public static async Task CoursesAsync(this EmisHostFixture host, Jurisdiction j)
    {
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure, CurriculumRequests.StructureVariables(),
            "setEducationStructure"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, RegisterCourse, new
        {
            id = Algebra,
            name = "Algebra 1",
            language = "sq",
            categories = new[] { new { code = "ALG", name = "Algebra basics" }, new { code = "EQ", name = "Equations" } },
            programme = "OS",
        }, "registerCourse"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, RegisterCourse, new { id = Reading, name = "Reading 3" }, "registerCourse"));
    }

    /// <summary>
    /// Registers a learner in a school (grade and section) and issues them an account as the learner import does: one bulk
    /// write through Credentials' ledger. Returns their id, EduID and account name.
    /// </summary>
    public static async Task<XapiLearner> LearnerWithAccountAsync(this EmisHostFixture host, Jurisdiction j, string schoolId, string schoolCode,
        string first, string last, string sex, int grade = 5, string section = "A")
    {
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(schoolId, grade, section, first, last, sex));
        var id = Guid.Parse(learner.Id());
        var ledger = host.Service<IAccountLedger>();
        var issued = await ledger.LoadIssuedAsync(j.Id, CancellationToken.None);
        var account = new NewAccount(id, PersonKind.Learner, issued.NextEduId(), issued.NextUsername(first, null, last), first, last,
            Guid.Parse(schoolId), schoolCode, LearnerRequests.Year, grade);
        await using var scope = host.Services.CreateAsyncScope();
        await using var write = await BulkWrite.BeginAsync(host.Service<IDocumentStore>(), host.Service<NpgsqlDataSource>(),
            new CommandContext(j.Id, "test-import", Sources.Import, "import-" + Guid.NewGuid().ToString("N")),
            scope.ServiceProvider.GetRequiredService<IMartenOutbox>(), CancellationToken.None);
        await ledger.IssueAsync(write, [account], CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
        return new XapiLearner(id, account.EduId, account.Username);
    }

    /// <summary>
    /// POSTs a body to <c>/xapi/statements</c> (with the version header unless told otherwise) and returns status, header and body.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string? Version, JsonNode? Body)> PostStatementsAsync(this EmisHostFixture host, Caller? caller,
        string json, string? version = "1.0.3")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        if (version is not null) request.Headers.Add("X-Experience-API-Version", version);
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var header = response.Headers.TryGetValues("X-Experience-API-Version", out var values) ? values.Single() : null;
        if (text.Length > 0 && text[0] is not ('{' or '[')) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, header, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The (code, field) of every error of a refused request.</summary>
    public static IReadOnlyList<(string Code, string? Field)> Errors(JsonNode? body) =>
        [.. body!["errors"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e["field"]?.GetValue<string>()))];

    /// <summary>A statement as a JSON string: an actor, a verb of ADL's vocabulary, an activity and, when given, a result and context.</summary>
    public static string Statement(string actor, string verb, string activity, Guid? id = null, string? result = null, string? context = null,
        string timestamp = "2025-10-01T09:30:00+02:00") =>
        "{" + (id is { } i ? $"\"id\":\"{i}\"," : "") +
        $"\"actor\":{actor},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/{verb}\",\"display\":{{\"en-US\":\"{verb}\"}}}}," +
        $"\"object\":{{\"objectType\":\"Activity\",\"id\":\"{activity}\"}}" +
        (result is null ? "" : $",\"result\":{result}") + (context is null ? "" : $",\"context\":{context}") +
        $",\"timestamp\":\"{timestamp}\"}}";

    /// <summary>An actor naming the learner by EduID (an account at the jurisdiction's EduID home page).</summary>
    public static string ByEduId(this Jurisdiction j, XapiLearner learner, bool grouped = false) =>
        $"{{\"objectType\":\"Agent\",\"account\":{{\"homePage\":\"{j.EduIdHomePage()}\",\"name\":\"{(grouped
            ? $"{learner.EduId[..4]} {learner.EduId[4..8]} {learner.EduId[8..]}"
            : learner.EduId)}\"}}}}";

    /// <summary>An actor naming the learner by their account name as an mbox.</summary>
    public static string ByMbox(XapiLearner learner) => $"{{\"mbox\":\"mailto:{learner.Username}\"}}";

    /// <summary>An actor naming the learner by their account name (user principal name) on Microsoft's sign-in page.</summary>
    public static string ByAccountName(XapiLearner learner) =>
        "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://login.microsoftonline.com\"," +
        $"\"name\":\"{learner.Username.ToUpperInvariant()}\"}}}}";

    /// <summary>A context naming the content category as one of the course's category activities.</summary>
    public static string Category(string course, string code) =>
        $"{{\"contextActivities\":{{\"category\":[{{\"id\":\"{course}/category/{code}\"}}]}}}}";

    /// <summary>The count of events of a type in the jurisdiction.</summary>
    public static async Task<long> EventCountAsync(this EmisHostFixture host, string jurisdiction, string type)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from emis.mt_events where tenant_id = $1 and type = $2", connection);
        command.Parameters.Add(new() { Value = jurisdiction });
        command.Parameters.Add(new() { Value = type });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The statement ids stored for the jurisdiction.</summary>
    public static async Task<IReadOnlyList<Guid>> StoredIdsAsync(this EmisHostFixture host, string jurisdiction)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select statement_id from emis.lrn_xapi_statements where tenant_id = $1", connection);
        command.Parameters.Add(new() { Value = jurisdiction });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
