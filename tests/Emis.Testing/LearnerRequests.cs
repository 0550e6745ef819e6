using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Marten;

namespace Emis.Testing;

/// <summary>GraphQL documents and helpers for Enrollment.</summary>
public static class LearnerRequests
{
    public const string Year = "2025/2026";

    public const string LearnerFields = """
        id firstName parentName lastName birthDate sex motherTongue languageOfInstruction disability community displacement
        contacts { email phone guardianName guardianEmail guardianPhone } status version pseudonymised
        enrollment { schoolYear schoolId schoolCode municipality grade section active outcome }
        history { change schoolYear schoolCode grade section detail actor version }
        """;

    public const string Payload = $"learner {{ {LearnerFields} }} errors {{ code field message }}";

    public const string Register = $"mutation($input: RegisterLearnerInput!) {{ registerLearner(input: $input) {{ {Payload} }} }}";
    public const string Enroll = $"mutation($input: EnrollLearnerInput!) {{ enrollLearner(input: $input) {{ {Payload} }} }}";
    public const string Transfer = $"mutation($input: TransferLearnerInput!) {{ transferLearner(input: $input) {{ {Payload} }} }}";
    public const string Withdraw = $"mutation($input: WithdrawLearnerInput!) {{ withdrawLearner(input: $input) {{ {Payload} }} }}";
    public const string Outcome = $"mutation($input: RecordYearEndOutcomeInput!) {{ recordYearEndOutcome(input: $input) {{ {Payload} }} }}";
    public const string RollOver =
        "mutation($input: RollOverSchoolYearInput!) { rollOverSchoolYear(input: $input) { nextSchoolYear promoted repeating graduated errors { " +
        "code field message } } }";
    public const string Learner = $"query($id: ID!, $asOf: DateTimeOffset) {{ learner(id: $id, asOf: $asOf) {{ {LearnerFields} }} }}";

    public const string Statistics = """
        query($groupBy: [StatisticsDimension!]!, $filter: StatisticsFilter, $year: String!, $asOf: DateTimeOffset) {
          enrollmentStatistics(groupBy: $groupBy, filter: $filter, schoolYear: $year, asOf: $asOf) {
            schoolYear asOf total rows { municipality schoolId schoolCode grade section sex disability community displacement language count }
          }
        }
        """;

    /// <summary>Registers a school, waits (a tracked session) until the Registry's event has reached the other modules, and
    /// checks that Enrollment has heard of it (it learns schools from the Registry's events).</summary>
    public static async Task<string> SchoolAsync(
        this EmisHostFixture host, Jurisdiction j, string code, string municipality, string level = "PRIMARY")
    {
        var school = await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, "School " + code, municipality, level));
        await host.AssertKnownToEnrollmentAsync(j.Id, Guid.Parse(school.Id()), school["version"]!.GetValue<long>());
        return school.Id();
    }

    /// <summary>Enrollment's copy of the school is at the version (after a tracked session around the change to it).</summary>
    public static async Task AssertKnownToEnrollmentAsync(this EmisHostFixture host, string jurisdiction, Guid schoolId, long version)
    {
        await using var session = host.Service<IDocumentStore>().QuerySession(jurisdiction);
        var known = await session.LoadAsync<Enrollment.Schools.EnrollmentSchool>(schoolId);
        if (known is null || known.Version < version)
        {
            throw new Xunit.Sdk.XunitException($"Enrollment never heard of school {schoolId} v{version} (it has v{known?.Version})");
        }
    }

    public static object NewLearner(string schoolId, int grade = 3, string section = "A", string first = "Arben", string last = "Krasniqi",
        string sex = "MALE", string birthDate = "2016-03-04", object? contacts = null, string? parent = "Ilir", string? disability = null,
        string? displacement = null, string? community = null, string year = Year) => new
        {
            input = new
            {
                firstName = first,
                parentName = parent,
                lastName = last,
                birthDate,
                sex,
                motherTongue = "sq",
                languageOfInstruction = "sq",
                disability,
                displacement,
                community,
                contacts = contacts ?? new { guardianName = "Ilir Krasniqi", guardianPhone = "+383 44 123 456" },
                enrollment = new { schoolYear = year, schoolId, grade, section },
            },
        };

    /// <summary>Registers and enrols a learner; fails the test when refused. Returns the learner.</summary>
    public static async Task<JsonObject> LearnerAsync(this EmisHostFixture host, Caller caller, object variables)
    {
        var payload = await host.MutateAsync(caller, Register, variables, "registerLearner");
        Ok(payload);
        return payload["learner"]!.AsObject();
    }

    public static async Task<JsonObject> MutateAsync(this EmisHostFixture host, Caller caller, string mutation, object variables, string field) =>
        (await host.DataAsync(caller, mutation, variables))[field]!.AsObject();

    public static void Ok(JsonObject payload)
    {
        if (payload["errors"]!.AsArray().Count > 0) throw new Xunit.Sdk.XunitException("refused: " + payload["errors"]!.ToJsonString());
    }

    public static (string Code, string? Field) Error(JsonObject payload)
    {
        var errors = payload["errors"]!.AsArray();
        if (errors.Count == 0) throw new Xunit.Sdk.XunitException("expected a refusal, got: " + payload.ToJsonString());
        return (errors[0]!["code"]!.GetValue<string>(), errors[0]!["field"]?.GetValue<string>());
    }

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static async Task<JsonObject> StatisticsAsync(this EmisHostFixture host, Caller caller, string[] groupBy, object? filter = null,
        DateTimeOffset? asOf = null, string year = Year) =>
        (await host.DataAsync(caller, Statistics, new { groupBy, filter, year, asOf }))["enrollmentStatistics"]!.AsObject();

    /// <summary>The rows of a statistics answer as "key=value,...:count" strings, for comparing.</summary>
    public static IReadOnlyList<string> Rows(JsonObject statistics, params string[] keys) =>
        [.. statistics["rows"]!.AsArray().Select(r => string.Join(',', keys.Select(k => $"{k}={r![k]}")) + ":" + r!["count"])];
}
