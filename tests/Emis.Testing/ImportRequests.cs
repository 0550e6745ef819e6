using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>Importing files through the real HTTP endpoint, and undoing imports through GraphQL.</summary>
public static class ImportRequests
{
    public const string Revert = """
        mutation($input: RevertLearnerImportInput!) {
          revertLearnerImport(input: $input) {
            import { id status revert { actor reason people requestedAt completedAt } }
            errors { code field message }
          }
        }
        """;

    public const string Import = """
        query($id: ID!) {
          learnerImport(id: $id) {
            id status rows summary { imported duplicate review rejected } revert { actor reason people completedAt }
          }
        }
        """;

    /// <summary>POSTs a CSV file (UTF-8, \n line ends) to <c>/api/imports/{kind}</c> as the caller and returns the report.</summary>
    public static async Task<JsonObject> ImportCsvAsync(this EmisHostFixture host, Caller caller, string csv, string fileName = "learners.csv",
        string kind = "learners", string schoolYear = LearnerRequests.Year)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\n")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(schoolYear), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/imports/{kind}") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !text.StartsWith('{')) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asks to revert a learner import and returns the mutation's payload (import and errors).</summary>
    public static async Task<JsonObject> RevertImportAsync(this EmisHostFixture host, Caller caller, string importId, string? reason) =>
        (await host.DataAsync(caller, Revert, new { input = new { importId, reason } }))["revertLearnerImport"]!.AsObject();

    /// <summary>Waits until the learner import reads REVERTED (the revert runs in the background) and returns it.</summary>
    public static async Task<JsonObject> RevertedImportAsync(this EmisHostFixture host, Caller caller, string importId)
    {
        var until = DateTime.UtcNow + EmisHostFixture.Patience;
        while (true)
        {
            var import = (await host.DataAsync(caller, Import, new { id = importId }))["learnerImport"]!.AsObject();
            if (import["status"]!.GetValue<string>() == "REVERTED") return import;
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException("The import never got REVERTED: " + import.ToJsonString());
            await Task.Delay(100);
        }
    }
}
