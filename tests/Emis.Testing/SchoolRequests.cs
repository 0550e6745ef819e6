using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>GraphQL documents and helpers for the registry.</summary>
public static class SchoolRequests
{
    public const string SchoolFields = "id code name municipality level status languages version statusHistory { status reason actor since }";

    public const string Register = $$"""
        mutation($input: RegisterSchoolInput!) {
          registerSchool(input: $input) { school { {{SchoolFields}} } errors { code field message } }
        }
        """;

    public static async Task<JsonObject> RegisterAsync(this EmisHostFixture host, Caller caller, string code, string name, string municipality,
        string level = "PRIMARY", string[]? languages = null)
    {
        var data = await host.DataAsync(caller, Register, new
        {
            input = new { code, name, municipality, level, languages = languages ?? ["bs"] },
        });
        var payload = data["registerSchool"]!.AsObject();
        if (payload["errors"]!.AsArray().Count > 0)
        {
            throw new Xunit.Sdk.XunitException("registerSchool refused: " + payload["errors"]!.ToJsonString());
        }
        return payload["school"]!.AsObject();
    }

    public static string Id(this JsonObject school) => school["id"]!.GetValue<string>();

    public static IReadOnlyList<string> Codes(JsonObject connection) =>
        [.. connection["edges"]!.AsArray().Select(e => e!["node"]!["code"]!.GetValue<string>())];

    public static IReadOnlyList<(string Code, string? Field)> Errors(JsonObject payload) =>
        [.. payload["errors"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e["field"]?.GetValue<string>()))];
}
