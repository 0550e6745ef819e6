using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Emis.Testing;

/// <summary>
/// A graduating class through the whole path a real one takes: a school, the curriculum and scale, learners imported from a
/// file (so that they have EduIDs) with names in their original letters, final marks, graduation confirmed by the school
/// (which drafts the diplomas), and the ministry issuing them.
/// </summary>
public static class DiplomaScenario
{
    public const string Issue = """
        mutation($input: IssueDiplomasInput!) {
          issueDiplomas(input: $input) { count diplomas { id status credentialId } errors { code field message } }
        }
        """;

    public const string Revoke = """
        mutation($input: RevokeDiplomaInput!) { revokeDiploma(input: $input) { count diplomas { id status } errors { code field message } } }
        """;

    /// <summary>Names as they are written: Latin with diacritics, Cyrillic, Albanian and Turkish letters.</summary>
    public static readonly (string Last, string First, string Parent)[] Names =
    [
        ("Šćepanović", "Đorđe", "Milan"), ("Žunić", "Ćamil", "Edin"), ("Петровић", "Арсен", "Марко"), ("Hoxha", "Ëndrit", "Ilir"),
        ("Yılmaz", "Ağan", "Murat"), ("Hodžić", "Lejla", "Senad"), ("Çela", "Drita", "Agim"), ("Begić", "Amra", "Nermin"),
    ];

    private static readonly ConcurrentDictionary<Guid, (Jurisdiction J, Guid Diploma)> Issued = new();

    /// <summary>A class that graduated: its jurisdiction, school, section and learners (in the file's order).</summary>
    public sealed record Cohort(Jurisdiction J, string Code, string School, string Section, IReadOnlyList<string> Learners);

    /// <summary>The jurisdiction of an issued credential's diploma.</summary>
    public static Jurisdiction JurisdictionOf(Guid credential) => Issued[credential].J;

    /// <summary>The diploma (its id in GraphQL) an issued credential's public id belongs to.</summary>
    public static Guid DiplomaOf(Guid credential) => Issued[credential].Diploma;

    /// <summary>A class of <paramref name="graduates"/> learners (from <paramref name="offset"/> in the list of names) in grade 9 whose graduation the school confirmed (drafts made).</summary>
    public static async Task<Cohort> GraduateAsync(EmisHostFixture host, int graduates, Jurisdiction? jurisdiction = null, string code = "GS-1",
        string municipality = "Bihać", bool setUp = true, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(host);
        var j = jurisdiction ?? new Jurisdiction();
        if (setUp) await LearningRequests.SetUpAsync(host, j);
        var school = await host.SchoolAsync(j, code, municipality);
        var admin = j.SchoolAdmin(code);
        var section = await LearningRequests.OpenAsync(host, admin, school, 9, "A");
        // Another class of the same jurisdiction takes another offset: other people, never duplicates of the first class.
        var rows = Enumerable.Range(offset, graduates).Select(i =>
        {
            var (last, first, parent) = Names[i % Names.Length];
            var suffix = i < Names.Length ? "" : $"-{i / Names.Length}";
            return $"{last}{suffix};{first};{parent};{1 + i % 28:00}.{1 + i % 12:00}.2010;{(i % 2 == 0 ? "M" : "F")};{code};9;A";
        });
        var report = await host.ImportCsvAsync(j.Admin,
            "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa;Paralelja\n" + string.Join('\n', rows) + "\n");
        var learners = report["results"]!.AsArray().Where(r => r!["status"]!.GetValue<string>() == "imported")
            .Select(r => r!["learner"]!["learnerId"]!.GetValue<string>()).ToList();
        if (learners.Count != graduates) throw new Xunit.Sdk.XunitException($"{learners.Count} of {graduates} learners imported: {report}");
        LearnerRequests.Ok(await LearningRequests.RecordAsync(host, admin, section, "BOS", "FINAL",
            LearningRequests.MarkList(learners, [.. learners.Select((_, i) => i % 2 == 0 ? "5" : "4")])));
        LearnerRequests.Ok(await LearningRequests.RecordAsync(host, admin, section, "MAT", "FINAL",
            LearningRequests.MarkList(learners, [.. learners.Select((_, i) => i % 3 == 0 ? "3" : "5")])));
        var confirmed = await host.TrackedAsync(() => host.MutateAsync(admin, LearningRequests.Confirm, new
        {
            section,
            results = learners.Select(l => new { learnerId = l, outcome = "GRADUATED" }).ToArray(),
        }, "confirmYearEndResults"));
        LearnerRequests.Ok(confirmed);
        return new Cohort(j, code, school, section, learners);
    }

    /// <summary>
    /// Graduates a class and issues its diplomas (the ministry, for the school). The issued credentials' public ids (what
    /// <c>/credentials/{id}</c>, <c>/verify?id=</c> and the QR code carry; <see cref="DiplomaOf"/> gives the diploma's id).
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> IssueAsync(EmisHostFixture host, int graduates)
    {
        var cohort = await GraduateAsync(host, graduates);
        return await IssueAsync(host, cohort);
    }

    public static async Task<IReadOnlyList<Guid>> IssueAsync(EmisHostFixture host, Cohort cohort)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(cohort);
        var issued = await host.MutateAsync(cohort.J.Admin, Issue,
            new { input = new { schoolYear = LearnerRequests.Year, schoolId = cohort.School } }, "issueDiplomas");
        LearnerRequests.Ok(issued);
        var ids = new List<Guid>();
        foreach (var diploma in issued["diplomas"]!.AsArray())
        {
            var credential = Guid.Parse(diploma!["credentialId"]!.GetValue<string>());
            Issued[credential] = (cohort.J, Guid.Parse(diploma["id"]!.GetValue<string>()));
            ids.Add(credential);
        }
        return ids;
    }

    /// <summary>Revokes the diploma of an issued credential (its public id), as the ministry admin.</summary>
    public static async Task RevokeAsync(EmisHostFixture host, Guid id, string reason)
    {
        ArgumentNullException.ThrowIfNull(host);
        LearnerRequests.Ok(await host.MutateAsync(JurisdictionOf(id).Admin, Revoke, new { input = new { diplomaId = DiplomaOf(id), reason } },
            "revokeDiploma"));
    }

    /// <summary>The compact JWS at <c>GET /credentials/{id}</c> (no token).</summary>
    public static async Task<string> CredentialAsync(EmisHostFixture host, Guid id)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var response = await host.Http.GetAsync(new Uri($"/credentials/{id}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
