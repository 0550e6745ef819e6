using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Budget.Accounts;
using Emis.Budget.Accounts.ImportingTreasury;
using Emis.Budget.Chart;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Npgsql;
using static Emis.Budget.Tests.BudgetRequests;

namespace Emis.Budget.Tests;

/// <summary>
/// The treasury import end to end: generated messy exports through <c>POST /api/imports/treasury</c>, every line's outcome against the
/// generator's own ledger, the figures after it, a second run that writes nothing, scopes, a closed year, a race with a command, and an
/// interrupted import resumed.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TreasuryImportTests(EmisHostFixture host)
{
    private static readonly (string Code, string Name, string Municipality)[] Schools =
    [
        ("OS-BI-01", "JU OŠ Prekounje Bihać", "Bihać"), ("OS-BI-02", "Shkolla Fillore Naim Frashëri", "Bihać"),
        ("MSS-CA-01", "Mješovita srednja škola Cazin", "Cazin"), ("OS-CA-02", "Mimar Sinan İlkokulu Cazin", "Cazin"),
    ];

    private const string InEmisReference = "PO-EMIS-0001";
    private const decimal InEmisAmount = 2_000m;

    private sealed record Setup(Jurisdiction J, Dictionary<string, string> Ids, List<TreasuryAccount> Accounts, TreasuryAccount InEmis);

    [Theory]
    [InlineData(20260, "bs", "en", false, false)]
    [InlineData(7, "sq", "tr", true, false)]
    [InlineData(4242, "sr", "en", false, true)]
    public async Task a_messy_treasury_export_is_imported_with_every_line_accounted_for_figures_that_add_up_and_no_second_run(int seed,
        string first, string second, bool asOfficer, bool xlsx)
    {
        var setup = await SetUpAsync();
        var j = setup.J;
        Func<TreasuryAccount, bool>? scope = asOfficer ? a => a.Municipality == "Bihać" && a.Holder != "CENTRAL" : null;
        var generator = new TreasuryFileGenerator(seed, [first, second], Today, scope);
        generator.Generate(60, setup.Accounts, (setup.InEmis, InEmisReference, InEmisAmount));
        var (file, name) = xlsx ? (generator.Xlsx(), "izvrsenje.xlsx") : (generator.Csv(), $"trezor-{seed}.csv");
        var caller = asOfficer ? j.Officer("Bihać") : j.Admin;
        var eventsBefore = await CountAsync("select count(*) from emis.mt_events where tenant_id = $1", j.Id);

        var (status, report) = await PostAsync(caller, file, name);
        Assert.True(status == HttpStatusCode.OK, report.ToJsonString());

        // Every line accounted for, in file order, once, as the generator's own ledger says.
        var expected = generator.Expected;
        var results = report["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(expected.Select(e => e.Row), results.Select(r => r["row"]!.GetValue<int>()));
        var summary = report["summary"]!;
        Assert.Equal(expected.Count, new[] { "imported", "duplicate", "rejected", "forbidden" }.Sum(s => summary[s]!.GetValue<int>()));
        foreach (var (want, got) in expected.Zip(results))
        {
            var what = $"row {want.Row} ({want.Status} {want.Code}): {got.ToJsonString()}";
            Assert.True(want.Status == got["status"]!.GetValue<string>(), what);
            var errors = got["errors"]!.AsArray();
            if (want.Code is not null)
            {
                Assert.True(errors.Any(e => e!["field"]!.GetValue<string>() == want.Field && e["code"]!.GetValue<string>() == want.Code), what);
                Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e!["message"]!.GetValue<string>())));
            }
            else
            {
                Assert.Empty(errors);
            }
            if (want.Status == "forbidden") Assert.Single(errors);
            if (want.Status is "imported" or "duplicate")
            {
                Assert.True(want.Amount == got["entry"]!["amount"]!.GetValue<decimal>(), what);
                Assert.Equal(want.Kind, got["entry"]!["kind"]!.GetValue<string>().ToLowerInvariant());
            }
            if (want.Status == "duplicate") Assert.Equal(want.DuplicateOfRow, got["duplicateOf"]!["row"]?.GetValue<int>());
            if (want.Code == "PAYEE_NOT_ALLOWED") Assert.Null(got["entry"]!["payee"]);
        }
        foreach (var (outcome, least) in new[] { ("imported", 40), ("duplicate", 2), ("rejected", 15) })
        {
            Assert.True(expected.Count(e => e.Status == outcome) >= least, $"{expected.Count(e => e.Status == outcome)} {outcome}");
        }
        if (asOfficer) Assert.Contains(expected, e => e.Status == "forbidden");

        // The figures are the ledger's: per account, what was committed and spent is the sum of the imported lines (and the entry before).
        var figures = await host.FiguresAsync(j.Admin, ["MUNICIPALITY", "SCHOOL", "HOLDER", "LINE", "SOURCE"]);
        foreach (var account in setup.Accounts)
        {
            var row = Row(figures, r => r["holder"]!.GetValue<string>() == account.Holder && r["line"]!.GetValue<string>() == account.Line
                && r["source"]!.GetValue<string>() == account.Source && r["schoolCode"]?.GetValue<string>() == account.SchoolCode
                && (account.Holder == "SCHOOL" || r["municipality"]?.GetValue<string>() == account.Municipality));
            var before = account == setup.InEmis ? InEmisAmount : 0;
            Assert.True((generator.Committed(account) + before, generator.Spent(account)) == (Money(row, "committed"), Money(row, "spent")),
                $"{account.Key}: {row.ToJsonString()}");
            Assert.Equal(account.Budget, Money(row, "budget"));
        }
        var imported = expected.Count(e => e.Status == "imported");
        Assert.Equal(eventsBefore + imported, await CountAsync("select count(*) from emis.mt_events where tenant_id = $1", j.Id));

        // The same file again: the same report, nothing written.
        var (again, repeated) = await PostAsync(caller, file, name);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(report.ToJsonString(), repeated.ToJsonString());
        Assert.Equal(eventsBefore + imported, await CountAsync("select count(*) from emis.mt_events where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_treasury_import_asked_to_respond_async_is_accepted_at_once_and_reports_completion()
    {
        var setup = await SetUpAsync();
        var generator = new TreasuryFileGenerator(11, ["en", "bs"], Today);
        generator.Generate(10, setup.Accounts, null);
        using var form = Form(generator.Csv(), "treasury.csv");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/imports/treasury?fiscalYear={FiscalYear}") { Content = form };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(setup.J.Admin));
        post.Headers.Add("Prefer", "respond-async");
        using var accepted = await host.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        Assert.StartsWith("/api/imports/treasury/", location, StringComparison.Ordinal);

        var until = DateTime.UtcNow + EmisHostFixture.Patience;
        JsonObject progress;
        while (true)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(setup.J.Admin));
            using var response = await host.Http.SendAsync(get);
            progress = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if (response.IsSuccessStatusCode && progress["status"]!.GetValue<string>() is "COMPLETED" or "FAILED") break;
            if (DateTime.UtcNow > until) break;
            await Task.Delay(100);
        }
        Assert.Equal("COMPLETED", progress["status"]!.GetValue<string>());
        Assert.Equal(generator.Expected.Count, progress["rows"]!.GetValue<int>());
        Assert.Equal(generator.Expected.Count(e => e.Status == "imported"), progress["summary"]!["imported"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync("select count(*) from emis.imp_queue where tenant_id = $1", setup.J.Id));
    }

    [Fact]
    public async Task a_closed_fiscal_year_refuses_the_whole_file_and_a_missing_fiscal_year_or_a_teacher_is_refused()
    {
        var setup = await SetUpAsync();
        var generator = new TreasuryFileGenerator(5, ["bs", "en"], Today);
        generator.Generate(6, setup.Accounts, null);
        var (missing, _) = await PostAsync(setup.J.Admin, generator.Csv(), "t.csv", query: "");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var (teacher, _) = await PostAsync(setup.J.Teacher("OS-BI-01"), generator.Csv(), "t.csv");
        Assert.Equal(HttpStatusCode.Forbidden, teacher);

        LearnerRequests.Ok(await host.MutateAsync(setup.J.Admin, Close, new { year = FiscalYear }, "closeFiscalYear"));
        var events = await CountAsync("select count(*) from emis.mt_events where tenant_id = $1", setup.J.Id);
        var (status, body) = await PostAsync(setup.J.Admin, generator.Csv(), "t.csv");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Fiscal year 2026 is closed", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(events, await CountAsync("select count(*) from emis.mt_events where tenant_id = $1", setup.J.Id));
        Assert.Equal(0, await CountAsync("select count(*) from emis.imp_rows where tenant_id = $1", setup.J.Id));
    }

    [Fact]
    public async Task a_batch_planned_against_an_account_a_command_changed_since_writes_nothing()
    {
        var setup = await SetUpAsync();
        var j = setup.J;
        var account = await AccountAsync(j, "OS-BI-01", setup.Ids["OS-BI-01"], "613", "MIN");
        var before = await CountAsync("select count(*) from emis.bud_entries where tenant_id = $1", j.Id);
        var target = new AccountRef(account.Id, FiscalYear, account.Holder, new BudgetLine("613", "Goods and services",
            EconomicCategory.GoodsAndServices, null), new FundingSource("MIN", "Ministry", FundingKind.Ministry), "BAM");
        var entryId = BudgetDecisions.EntryId(account.Id, "commitment", "PO-RACE-1");
        var commitment = new CommitmentRecorded(account.Id, entryId, "PO-RACE-1", 50_000m, PayeeCategory.Supplier, null, null,
            new DateOnly(2026, 3, 1), null, null, null);
        // Planned when the account stood one version earlier than it does: a command recorded on it since.
        var stale = Planned(target, commitment, account.Version);
        await using (var write = await BulkWrite.BeginAsync(host.Service<IDocumentStore>(), host.Service<NpgsqlDataSource>(),
            new CommandContext(j.Id, "admin-1", Sources.Import, "test"), null, CancellationToken.None))
        {
            TreasuryImportWriter.Append(write, [stale]);
            var failure = await Record.ExceptionAsync(() => write.CommitAsync(CancellationToken.None));
            Assert.True(Conflict(failure), failure?.ToString());
        }
        Assert.Equal(before, await CountAsync("select count(*) from emis.bud_entries where tenant_id = $1", j.Id));
        var after = await AccountAsync(j, "OS-BI-01", setup.Ids["OS-BI-01"], "613", "MIN");
        Assert.Equal((account.Version, account.Committed), (after.Version, after.Committed));

        // The same entry at the version the account has now is written, and the inline projections see it as a command's.
        await using (var write = await BulkWrite.BeginAsync(host.Service<IDocumentStore>(), host.Service<NpgsqlDataSource>(),
            new CommandContext(j.Id, "admin-1", Sources.Import, "test"), null, CancellationToken.None))
        {
            TreasuryImportWriter.Append(write, [Planned(target, commitment, account.Version + 1)]);
            await write.CommitAsync(CancellationToken.None);
        }
        var written = await AccountAsync(j, "OS-BI-01", setup.Ids["OS-BI-01"], "613", "MIN");
        Assert.Equal((account.Version + 1, account.Committed + 50_000m), (written.Version, written.Committed));
        Assert.Equal(1, await CountAsync($"select count(*) from emis.bud_entries e join emis.mt_events m on m.seq_id = e.seq and m.stream_id = " +
            $"e.account_id where e.tenant_id = $1 and e.entry_id = '{entryId}'", j.Id));
    }

    [Fact]
    public async Task a_command_that_spends_an_account_between_two_batches_makes_the_import_decide_the_rest_again_instead_of_overspending()
    {
        var setup = await SetUpAsync();
        var j = setup.J;
        var file = ManyCommitments(2_100, 10_000m);
        var raced = false;
        var importer = host.Service<TreasuryImporter>();
        var progress = new Synchronous(done =>
        {
            if (raced || done < 2_000) return;
            raced = true;
            // Between the first batch's commit and the second's: a command takes 50,000 of the 56,000 left on the account.
            var command = Commitment(School(setup.Ids["OS-BI-01"]), "613", "MIN", "PO-CMD-1", 50_000m);
            var payload = Task.Run(() => host.MutateAsync(j.Admin, Commit, command, "recordCommitment")).GetAwaiter().GetResult();
            LearnerRequests.Ok(payload);
        });
        var report = await Task.Run(() => importer.ImportAsync(new TreasuryImportRequest("race.csv", file, FiscalYear,
            new CommandContext(j.Id, "admin-1", Sources.Import, "test")), CancellationToken.None, progress));

        Assert.True(raced);
        Assert.Equal(("COMPLETED", 2_101, 2_100, 1), (report.Status, report.Rows, report.Summary.Imported, report.Summary.Rejected));
        var last = report.Results[^1];
        Assert.Equal(("rejected", "OVERSPENDING"), (last.Status, last.Errors[0].Code));
        var account = await AccountAsync(j, "OS-BI-01", setup.Ids["OS-BI-01"], "613", "MIN");
        Assert.Equal(InEmisAmount + 2_100m + 50_000m, account.Committed);
        Assert.True(account.Available >= 0);
        Assert.Equal(2_100 + 2, await CountAsync("select count(*) from emis.bud_entries where tenant_id = $1 and kind = 'Commitment'", j.Id));
    }

    [Fact]
    public async Task an_interrupted_import_keeps_its_whole_first_batch_and_the_same_file_again_resumes_after_it()
    {
        var setup = await SetUpAsync();
        var j = setup.J;
        var file = ManyCommitments(2_100, 10_000m);
        var importer = host.Service<TreasuryImporter>();
        var request = new TreasuryImportRequest("interrupted.csv", file, FiscalYear, new CommandContext(j.Id, "admin-1", Sources.Import, "test"));
        using var stop = new CancellationTokenSource();
        var failure = await Record.ExceptionAsync(() => Task.Run(() => importer.ImportAsync(request, stop.Token, new Synchronous(done =>
        {
            if (done >= 2_000) stop.Cancel();
        }))));
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        // One whole batch, its report rows, and the import still running.
        Assert.Equal(2_000 + 1, await CountAsync("select count(*) from emis.bud_entries where tenant_id = $1 and kind = 'Commitment'", j.Id));
        Assert.Equal(2_000, await CountAsync("select count(*) from emis.imp_rows where tenant_id = $1", j.Id));
        await using (var query = host.Service<IDocumentStore>().QuerySession(j.Id))
        {
            Assert.Equal("RUNNING", (await query.LoadAsync<TreasuryImport>(TreasuryImporter.ImportIdOf(request)))!.Status);
        }

        var report = await importer.ImportAsync(request, CancellationToken.None);
        Assert.Equal(("COMPLETED", 2_101, 2_101), (report.Status, report.Rows, report.Summary.Imported));
        Assert.Equal(Enumerable.Range(2, 2_101), report.Results.Select(r => r.Row));
        Assert.Equal(2_101 + 1, await CountAsync("select count(*) from emis.bud_entries where tenant_id = $1 and kind = 'Commitment'", j.Id));
        var account = await AccountAsync(j, "OS-BI-01", setup.Ids["OS-BI-01"], "613", "MIN");
        Assert.Equal(InEmisAmount + 2_100m + 10_000m, account.Committed);
    }

    /// <summary>Four schools in two municipalities, the chart, a budget for every school (salaries, goods, ICT), both municipalities and the
    /// ministry, and a commitment recorded before any file.</summary>
    private async Task<Setup> SetUpAsync()
    {
        var j = new Jurisdiction();
        var ids = new Dictionary<string, string>();
        foreach (var (code, name, municipality) in Schools)
        {
            ids[code] = (await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, name, municipality))).Id();
        }
        await host.ChartAsync(j.Admin);
        var accounts = new List<TreasuryAccount>();
        var lines = new List<(object Holder, string Line, string Source, decimal Amount)>();
        foreach (var (code, name, municipality) in Schools)
        {
            foreach (var (line, source, amount) in new[] { ("611", "MIN", 300_000m), ("613", "MIN", 60_000m), ("821-ICT", "EU", 40_000m) })
            {
                accounts.Add(TreasuryAccount.School(code, name, municipality, line, source, amount));
                lines.Add((School(ids[code]), line, source, amount));
            }
        }
        foreach (var municipality in new[] { "Bihać", "Cazin" })
        {
            accounts.Add(TreasuryAccount.OfMunicipality(municipality, "613", "MUN", 50_000m));
            lines.Add((Municipality(municipality), "613", "MUN", 50_000m));
        }
        accounts.Add(TreasuryAccount.Central("821-ICT", "MIN", 150_000m));
        lines.Add((BudgetRequests.Central, "821-ICT", "MIN", 150_000m));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Approve, Plan([.. lines]), "approveBudget"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Commit, Commitment(School(ids["OS-BI-01"]), "613", "MIN", InEmisReference, InEmisAmount),
            "recordCommitment"));
        return new Setup(j, ids, accounts, accounts.Single(a => a.SchoolCode == "OS-BI-01" && a.Line == "613"));
    }

    /// <summary>A plain export of <paramref name="count"/> commitments of 1.00 on OS-BI-01's goods, then one of <paramref name="last"/>.</summary>
    private static byte[] ManyCommitments(int count, decimal last)
    {
        var text = new StringBuilder("Vrsta;Datum;Broj dokumenta;Iznos;Konto;Izvor;Korisnik\n");
        for (var i = 1; i <= count; i++) text.Append(CultureInfo.InvariantCulture, $"obaveza;02.03.2026;PO-M-{i:D5};1,00;613;MIN;OS-BI-01\n");
        var amount = last.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE"));
        text.Append(CultureInfo.InvariantCulture, $"obaveza;03.03.2026;PO-M-LAST;{amount};613;MIN;OS-BI-01\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static PlannedEntry Planned(AccountRef target, CommitmentRecorded commitment, long version) => new()
    {
        Draft = new TreasuryDraft { Row = 2 },
        Status = TreasuryStatus.Imported,
        Target = target,
        Event = commitment,
        AccountVersion = version,
    };

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<BudgetAccountView> AccountAsync(Jurisdiction j, string code, string schoolId, string line, string source)
    {
        await using var query = host.Service<IDocumentStore>().QuerySession(j.Id);
        var holder = new BudgetHolder(HolderKind.School, Guid.Parse(schoolId), code, null, null);
        return (await query.LoadAsync<BudgetAccountView>(BudgetAccountView.IdFor(j.Id, FiscalYear, holder, line, source)))!;
    }

    private static bool Conflict(Exception? e) => e switch
    {
        null => false,
        JasperFx.ConcurrencyException => true,
        _ => Conflict(e.InnerException),
    };

    private static MultipartFormDataContent Form(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Caller caller, byte[] content, string fileName, string? query = null)
    {
        using var form = Form(content, fileName);
        var path = "/api/imports/treasury" + (query ?? $"?fiscalYear={FiscalYear}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text });
    }

    private async Task<long> CountAsync(string sql, string tenant)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(tenant);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Told the rows written after each batch, at once, on the importer's own thread (between one batch's commit and the next).</summary>
    private sealed class Synchronous(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
