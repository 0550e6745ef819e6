using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Accounts;
using Emis.Features.AuditTrail;
using Emis.Features.Rebuild;
using Emis.Platform.ReadModels;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// A host and a database of their own, every log line kept (down to Trace) and every trace span heard: erasure is
/// proven by searching all of them for the person.
/// </summary>
public sealed class ErasureHostFixture : EmisHostFixture, IDisposable
{
    private readonly ActivityListener _listener;

    public ErasureHostFixture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => Spans.Enqueue(
                $"{a.Source.Name} {a.DisplayName} {string.Join(' ', a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} " +
                string.Join(' ', a.Events.Select(e => e.Name + " " + string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))))),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<string> Spans { get; } = new();

    protected override Task BeforeHostStartsAsync()
    {
        Logs.Minimum = LogLevel.Trace;
        return Task.CompletedTask;
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Emis:Privacy:MasterKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("erasure-test-master-key-32-bytes")),
        // Learners may be erased as soon as they left; staff keep the default (10 years).
        ["Emis:Privacy:Retention:LearnerYears"] = "0",
    };

    public void Dispose() => _listener.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ErasureCollection : ICollectionFixture<ErasureHostFixture>
{
    public const string Name = "erasure";
}

/// <summary>Erasure by crypto-shredding (adr/0024): nothing of the person remains in clear anywhere Emis writes.</summary>
[Collection(ErasureCollection.Name)]
public sealed class ErasureTests(ErasureHostFixture host)
{
    private const string Erase = """
        mutation($input: ErasePersonInput!) {
          erasePerson(input: $input) { erasure { personId basis reference holders keyed } errors { code field message } }
        }
        """;

    // Names no other test uses, in several scripts' letters, and a birth date no other field holds.
    private static readonly string[] Learner = ["Zorbulinë", "Xhevahirforc", "Qendresëfiqaj", "Vjollcëmarigona Tafilajqe", "+383 49 777 313"];
    private static readonly string[] Imported = ["Kujtimdrenusha", "Bardhosfeqiri", "Ylldrinëza"];
    private static readonly string[] Staff = ["Fluturimgjini", "Shkelqimtarja"];
    private const string LearnerBirth = "2013-07-19";

    [Fact]
    public async Task an_erased_person_leaves_no_plaintext_in_the_database_logs_or_traces_and_figures_history_and_the_chain_stay_whole()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "E-1", "Prizren");
        var learner = await host.TrackedAsync(() => host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school,
            first: Learner[0], parent: Learner[1],
            last: Learner[2], birthDate: LearnerBirth, sex: "FEMALE", disability: "VISUAL", community: "Roma",
            contacts: new { guardianName = Learner[3], guardianPhone = Learner[4] })));
        var other = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Arta", last: "Morina", sex: "FEMALE"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new
            {
                input = new
                {
                    learnerId = learner.Id(),
                    schoolYear = LearnerRequests.Year,
                    reason = "MOVED_ABROAD",
                    note = $"moved abroad with {Learner[3]}",
                },
            },
            "withdrawLearner"));
        var imported = await ImportAsync(j, "/api/imports/learners",
            "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" +
            $"{Imported[1]};{Imported[0]};{Imported[2]};21.11.2012;F;E-1;6\n", "learner");
        var staff = await ImportAsync(j, "/api/imports/staff",
            "Mbiemri;Emri;Gjinia;Datëlindja;Shkolla;Pozita;Norma (0-1);Kualifikimi\n" +
            $"{Staff[1]};{Staff[0]};F;03.09.1979;E-1;Mësuese;1;Master\n", "staff");
        var everyone = Learner.Concat(Imported).Concat(Staff).Append(LearnerBirth).Append("2012-11-21").Append("1979-09-03").ToArray();

        // Encrypted from the start: the event log never held the names, only read models and reports do.
        var before = await FoundAsync(everyone);
        Assert.True(!before.Any(f => f.StartsWith("emis.mt_events", StringComparison.Ordinal)), string.Join("\n", before));
        Assert.Contains(before, f => f.StartsWith("emis.mt_doc_learnerprofile", StringComparison.Ordinal));
        Assert.Contains(before, f => f.StartsWith("emis.imp_rows", StringComparison.Ordinal));
        await using (var session = host.Service<IDocumentStore>().QuerySession(j.Id))
        {
            Assert.NotNull(await session.LoadAsync<Account>(Account.StreamIdOf(Guid.Parse(imported))));
        }
        var figures = await FiguresAsync(j);
        var history = await HistoryAsync(j, learner.Id());

        // Refusals first: who, why, and when.
        Assert.Equal(("FORBIDDEN", null),
            LearnerRequests.Error(await EraseAsync(j.Analyst, learner.Id(), "COURT_ORDER", "Order 1/2026")));
        Assert.Equal(("REQUIRED", "reference"), LearnerRequests.Error(await EraseAsync(j.Admin, learner.Id(), "COURT_ORDER", " ")));
        Assert.Equal(("NOT_FOUND", "personId"), LearnerRequests.Error(await EraseAsync(j.Admin, Guid.NewGuid().ToString(), "COURT_ORDER", "x")));
        Assert.Equal(("NOT_FOUND", "personId"), LearnerRequests.Error(await EraseAsync(new Jurisdiction().Admin, learner.Id(), "COURT_ORDER", "x")));
        Assert.Equal(("RETENTION_NOT_ENDED", "basis"), LearnerRequests.Error(await EraseAsync(j.Admin, other.Id(), "RETENTION_ENDED", "Rule 5")));
        Assert.Equal(("RETENTION_NOT_ENDED", "basis"), LearnerRequests.Error(await EraseAsync(j.Admin, staff, "RETENTION_ENDED", "Rule 5")));

        // The withdrawn learner's retention (0 years here) has ended; the others go by court order.
        var erased = await EraseAsync(j.Admin, learner.Id(), "RETENTION_ENDED", "Retention rule for learners, 0 years after leaving");
        LearnerRequests.Ok(erased);
        Assert.Equal(["enrollment"], erased["erasure"]!["holders"]!.AsArray().Select(h => h!.GetValue<string>()).Order());
        Assert.True(erased["erasure"]!["keyed"]!.GetValue<bool>());
        var byOrder = await EraseAsync(j.Admin, imported, "COURT_ORDER", "Basic court of Prizren, C. nr. 123/2026");
        LearnerRequests.Ok(byOrder);
        Assert.Equal(["credentials", "enrollment"], byOrder["erasure"]!["holders"]!.AsArray().Select(h => h!.GetValue<string>()).Order());
        LearnerRequests.Ok(await EraseAsync(j.Admin, staff, "COURT_ORDER", "Data protection agency decision 7/2026"));
        Assert.Equal(("ALREADY_ERASED", "personId"), LearnerRequests.Error(await EraseAsync(j.Admin, learner.Id(), "COURT_ORDER", "again")));

        // Nothing left in clear: every table of every schema, every log line, every span.
        Assert.Empty(await FoundAsync(everyone));
        var lines = host.Logs.Lines.Concat(host.Spans).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => everyone.Any(n => l.Contains(n, StringComparison.OrdinalIgnoreCase)));

        // The person still existed: the same history, pseudonymous; the other learner is untouched.
        var after = await HistoryAsync(j, learner.Id());
        Assert.Equal(history.Count, after.Count);
        Assert.Contains("(erased)", after[0]);
        var profile = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = learner.Id() }))["learner"]!;
        Assert.Equal("(erased)", profile["firstName"]!.GetValue<string>());
        Assert.Equal("2013-01-01", profile["birthDate"]!.GetValue<string>());
        Assert.Equal("VISUAL", profile["disability"]!.GetValue<string>());
        Assert.Null(profile["contacts"]!["guardianName"]);
        var kept = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = other.Id() }))["learner"]!;
        Assert.Equal("Arta", kept["firstName"]!.GetValue<string>());

        // Figures unchanged; the chain and every read model verify against the events.
        Assert.Equal(figures, await FiguresAsync(j));
        var chain = host.Service<HashChain>();
        await chain.ExtendAsync(CancellationToken.None);
        Assert.True((await chain.VerifyAsync(CancellationToken.None)).Ok);
        var rebuilder = host.Service<ReadModelRebuilder>();
        foreach (var model in rebuilder.All)
        {
            var live = await RowsAsync(model);
            await rebuilder.RebuildLiveAsync(model, null, CancellationToken.None);
            Assert.Equal(live, await RowsAsync(model));
        }
        Assert.Empty(await FoundAsync(everyone));
    }

    [Fact]
    public async Task an_erased_graduates_diploma_is_no_longer_served_while_the_copy_they_kept_still_verifies_after_a_rebuild()
    {
        var ids = await DiplomaScenario.IssueAsync(host, 1);
        var j = DiplomaScenario.JurisdictionOf(ids[0]);
        var kept = await DiplomaScenario.CredentialAsync(host, ids[0]);
        var query = "query($id: ID!) { diploma(id: $id) { learnerId givenName status } }";
        var diploma = new { id = DiplomaScenario.DiplomaOf(ids[0]) };
        var learner = (await host.DataAsync(j.Admin, query, diploma))["diploma"]!["learnerId"]!.GetValue<string>();

        var erased = await EraseAsync(j.Admin, learner, "RETENTION_ENDED", "Retention rule for learners, 0 years after leaving");
        LearnerRequests.Ok(erased);
        Assert.Contains("credentials", erased["erasure"]!["holders"]!.AsArray().Select(h => h!.GetValue<string>()));
        var rebuilder = host.Service<ReadModelRebuilder>();
        foreach (var rebuilt in new[] { false, true })
        {
            if (rebuilt) await rebuilder.RebuildLiveAsync(rebuilder.All.Single(m => m.Name == "diplomas"), null, CancellationToken.None);
            using (var response = await host.Http.GetAsync(new Uri($"/credentials/{ids[0]}", UriKind.Relative)))
            {
                Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            }
            var after = (await host.DataAsync(j.Admin, query, diploma))["diploma"]!;
            Assert.Null(after["givenName"]);
            Assert.Equal("ISSUED", after["status"]!.GetValue<string>());
            // The graduate's own copy: its signature and its status entry are untouched.
            using var verify = await host.Http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new StringContent(kept));
            Assert.Equal("valid", JsonNode.Parse(await verify.Content.ReadAsStringAsync())!["verdict"]!.GetValue<string>());
        }
    }

    private async Task<JsonObject> EraseAsync(Platform.Auth.Caller caller, string person, string basis, string reference) =>
        await host.MutateAsync(caller, Erase, new { input = new { personId = person, basis, reference } }, "erasePerson");

    private async Task<string> ImportAsync(Jurisdiction j, string path, string csv, string kind)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "people.csv");
        form.Add(new StringContent(LearnerRequests.Year), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        using var response = await host.Http.SendAsync(request);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var row = report["results"]![0]!;
        Assert.True(row["status"]!.GetValue<string>() == "imported", report.ToJsonString());
        return row[kind]!.AsObject().First(p => p.Key.EndsWith("Id", StringComparison.Ordinal) && p.Key != "eduId").Value!.GetValue<string>();
    }

    /// <summary>"schema.table" for every table of the database (Emis's, Wolverine's, any) with a row holding one of the values.</summary>
    private async Task<List<string>> FoundAsync(IReadOnlyList<string> values)
    {
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("emis.mt_events", tables);
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select count(*) from {table} t where t::text ilike any($1)", connection);
            search.Parameters.Add(new NpgsqlParameter { Value = values.Select(v => "%" + v + "%").ToArray() });
            if ((long)(await search.ExecuteScalarAsync())! > 0) found.Add($"{table} ({await WhichAsync(connection, table, values)})");
        }
        return found;
    }

    // Which of the values a table holds, and in which row: the failure names them.
    private static async Task<string> WhichAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> values)
    {
        var which = new List<string>();
        foreach (var value in values)
        {
            await using var row = new NpgsqlCommand($"select left(t::text, 300) from {table} t where t::text ilike $1 limit 1", connection);
            row.Parameters.Add(new NpgsqlParameter { Value = "%" + value + "%" });
            if (await row.ExecuteScalarAsync() is string text) which.Add($"{value} in {text}");
        }
        return string.Join("; ", which);
    }

    private async Task<string> FiguresAsync(Jurisdiction j) =>
        (await host.StatisticsAsync(j.Admin, ["SCHOOL", "GRADE", "SEX", "DISABILITY", "COMMUNITY"])).ToJsonString();

    private async Task<List<string>> HistoryAsync(Jurisdiction j, string stream)
    {
        var data = await host.DataAsync(j.Admin, "query($id: ID!) { history(entityId: $id) { edges { node { type data } } } }", new { id = stream });
        return [.. data["history"]!["edges"]!.AsArray().Select(e => e!["node"]!["type"] + " " + e["node"]!["data"])];
    }

    private Task<List<string>> RowsAsync(IReadModel model) => ReadModelRows.OfAsync(host.ConnectionString, model);
}
