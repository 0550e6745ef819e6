using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Emis.Budget.Accounts;
using Emis.Budget.Accounts.ImportingTreasury;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Schools;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

/// <summary><c>bench budget [--schools S] [--lines L] [--rows N] [--rounds R] [--seed X]</c>.</summary>
internal sealed record BudgetOptions(int Schools, int Lines, int Rows, int Rounds, int Seed)
{
    public const string Usage =
        "usage: ./emis bench budget [--schools S (default 1000)] [--lines L (default 50)] [--rows N (default 2000000)] [--rounds R (default 3)] " +
        "[--seed X (default 20266)]";

    public static bool TryParse(string[] args, out BudgetOptions options, out string? problem)
    {
        options = new BudgetOptions(1_000, 50, 2_000_000, 3, 20266);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{args[i]} needs a whole number of at least 1";
                return false;
            }
            switch (args[i])
            {
                case "--schools": options = options with { Schools = value }; break;
                case "--lines": options = options with { Lines = value }; break;
                case "--rows": options = options with { Rows = value }; break;
                case "--rounds": options = options with { Rounds = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        return true;
    }
}

/// <summary>
/// One fiscal year of a national jurisdiction (issue: Budget, the treasury import and its figures): S schools registered through the
/// Registry's import, a chart of L budget lines, and an approved budget for every school × line (written by Budget's own decision, its
/// streams and inline projections); then N expenditure lines — commitments, payments against them and direct payments, with a few lines
/// that must be refused and repeated — written as a treasury system exports them, one file a month, and imported through the real
/// <see cref="TreasuryImporter"/>, against a binary COPY of the same rows into a plain table; then budget against actual by municipality ×
/// line (<c>budgetFigures(groupBy: [MUNICIPALITY, LINE])</c>) asked by one client, then by 64 clients at once R times each, over GraphQL,
/// against the same aggregate in one hand-written SQL statement with the same clients. Every figure printed is measured in this run.
/// </summary>
internal static class BudgetBench
{
    private const string Jurisdiction = "bench-budget";
    private const int FiscalYear = 2026;
    private const string Source = "MIN";
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private const string FiguresQuery = """
        query { budgetFigures(fiscalYear: 2026, groupBy: [MUNICIPALITY, LINE]) {
          sequence rows { municipality line budget committed spent outstanding available executionRate { value } } } }
        """;

    // The same aggregate, by hand: the ledger's entries up to the live sequence, per municipality and line.
    private const string SameSql = """
        select a.municipality, a.line,
          coalesce(sum(e.amount) filter (where e.kind in ('Plan', 'Amendment')), 0) as budget,
          coalesce(sum(e.amount) filter (where e.kind = 'Commitment'), 0) as committed,
          coalesce(sum(e.amount) filter (where e.kind = 'Payment'), 0) as spent,
          count(*) as entries
        from emis.bud_entries e
        join emis.bud_accounts a on a.tenant_id = e.tenant_id and a.account_id = e.account_id
        where e.tenant_id = $1 and e.fiscal_year = 2026 and e.seq <= (select coalesce(max(seq_id), 0) from emis.mt_events where tenant_id = $1)
        group by a.municipality, a.line
        order by 1 nulls first, 2
        """;

    public static async Task<int> RunAsync(string server, BudgetOptions options)
    {
        Say($"Emis budget benchmark — {options.Schools:N0} schools × {options.Lines} budget lines, {options.Rows:N0} expenditure lines, " +
            $"{options.Rounds} rounds of 64 clients, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, BudgetOptions options)
    {
        Say($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Say($"database {database}: {await EnrollmentBench.EnvironmentAsync(connection)}");
        var dataDirectory = await DataDirectoryAsync(connection);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // A national aggregate asked by 64 clients at once on 2 cores runs longer than Npgsql's default command timeout of 30 s.
        var hostDatabase = new NpgsqlConnectionStringBuilder(connection) { CommandTimeout = 900 }.ConnectionString;
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={hostDatabase}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                "--Emis:GraphQL:RateLimit:PerMinute=0", "--Logging:LogLevel:Default=Warning"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            Say("");
            Say("[1/4] the year: schools (the Registry's import), the chart, and an approved budget for every school × line");
            var watch = Stopwatch.StartNew();
            var schools = await RegisterSchoolsAsync(app.Services, options);
            Say($"  {schools.Count:N0} schools registered and known to Budget in {watch.Elapsed.TotalSeconds:F1} s");
            var lines = Chart(options.Lines);
            await ChartAsync(app.Services, lines);
            watch.Restart();
            var accounts = await PlanAsync(app.Services, schools, lines);
            Say($"  {accounts:N0} accounts planned (BudgetDecisions.Plan, inline projections) in {watch.Elapsed.TotalSeconds:F1} s " +
                $"({accounts / watch.Elapsed.TotalSeconds:F0} accounts/s)");

            Say("");
            Say($"[2/4] {options.Rows:N0} expenditure lines, one treasury export a month, through the treasury import");
            var generated = Generate(schools, lines, options.Rows, options.Seed);
            var megabytes = generated.Files.Sum(f => f.Content.Length) / 1048576.0;
            Say($"  generated {generated.Rows.Count:N0} lines in {generated.Files.Count} files ({megabytes:F0} MB): " +
                $"{generated.Rows.Count(r => r.Kind == 'C'):N0} commitments, {generated.Rows.Count(r => r.Kind == 'P' && r.Settles >= 0):N0} " +
                $"payments against them, {generated.Rows.Count(r => r.Kind == 'P' && r.Settles < 0):N0} direct payments; meant to be refused: " +
                $"{generated.Refused:N0}, repeated: {generated.Repeated:N0}");
            var importer = app.Services.GetRequiredService<TreasuryImporter>();
            var context = new CommandContext(Jurisdiction, "bench", Sources.Import, "bench");
            var statements = await StatementsAsync(connection);
            var (hostCpu, pgCpu) = (Process.GetCurrentProcess().TotalProcessorTime, Machine.PostgresCpu(dataDirectory));
            var total = Stopwatch.StartNew();
            var planning = new List<double>();
            var batches = new List<double>();
            var summary = new TreasurySummary(0, 0, 0, 0);
            decimal committed = 0, spent = 0;
            foreach (var (name, content, count) in generated.Files)
            {
                var file = Stopwatch.StartNew();
                var last = 0.0;
                // Told after each batch's commit: the time to the first is the planning and one batch, the rest are batches.
                var progress = new Told(_ =>
                {
                    var now = file.Elapsed.TotalMilliseconds;
                    (last == 0 ? planning : batches).Add(now - last);
                    last = now;
                });
                var report = await importer.ImportAsync(new TreasuryImportRequest(name, content, FiscalYear, context), CancellationToken.None,
                    progress);
                var s = report.Summary;
                summary = new TreasurySummary(summary.Imported + s.Imported, summary.Duplicate + s.Duplicate, summary.Rejected + s.Rejected,
                    summary.Forbidden + s.Forbidden);
                foreach (var row in report.Results.Where(r => r.Status == TreasuryStatus.Imported))
                {
                    if (row.Entry.Kind == nameof(EntryKind.Commitment)) committed += row.Entry.Amount!.Value; else spent += row.Entry.Amount!.Value;
                }
                Say($"  {name}: {count,8:N0} lines in {file.Elapsed.TotalSeconds,6:F1} s = {count / file.Elapsed.TotalSeconds,6:N0} lines/s — " +
                    $"{s.Imported:N0} imported, {s.Duplicate:N0} duplicate, {s.Rejected:N0} rejected");
            }
            var seconds = total.Elapsed.TotalSeconds;
            hostCpu = Process.GetCurrentProcess().TotalProcessorTime - hostCpu;
            pgCpu = Machine.PostgresCpu(dataDirectory) - pgCpu;
            Say($"  import: {generated.Rows.Count:N0} lines in {seconds:F1} s = {generated.Rows.Count / seconds:N0} lines/s; CPU: host " +
                $"{hostCpu.TotalSeconds:F0} s, PostgreSQL {pgCpu?.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) ?? "?"} s");
            var batch = Median(batches);
            Say($"  a batch of 2,000 lines: median {batch:F0} ms, p95 {Percentile(batches, 95):F0} ms, last file's median " +
                $"{Median([.. batches.TakeLast(batches.Count / generated.Files.Count)]):F0} ms; planning a file (its first batch's time less a " +
                $"batch): median {Median(planning) - batch:F0} ms");
            if (statements)
            {
                Say("  PostgreSQL's statements during the import (pg_stat_statements), by total time:");
                foreach (var line in await TopStatementsAsync(connection)) Say("    " + line);
            }
            var (first, firstContent, firstCount) = generated.Files[0];
            var again = Stopwatch.StartNew();
            await importer.ImportAsync(new TreasuryImportRequest(first, firstContent, FiscalYear, context), CancellationToken.None);
            Say($"  the same file again ({first}, {firstCount:N0} lines): the stored report in {again.Elapsed.TotalSeconds:F2} s, nothing written");
            var (ledgerCommitted, ledgerSpent) = await LedgerTotalsAsync(connection);
            var adds = ledgerCommitted == committed && ledgerSpent == spent;
            Say($"  ledger: committed {ledgerCommitted:N2}, spent {ledgerSpent:N2} BAM — " +
                (adds ? "the sums of the imported lines" : $"NOT the sums of the imported lines ({committed:N2}, {spent:N2})"));
            var copy = await CopyBaselineAsync(connection, generated.Rows);
            Say($"  baseline: binary COPY of the same {generated.Rows.Count:N0} lines into a plain table in {copy:F1} s = " +
                $"{generated.Rows.Count / copy:N0} lines/s");
            foreach (var table in new[] { "bud_entries", "bud_accounts", "mt_events", "mt_doc_budgetaccountview" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }

            Say("");
            Say($"[3/4] budget against actual by municipality × line: one client 5 times, then {HttpLoad.Concurrency} clients at once, " +
                $"{options.Rounds} requests each, every answer checked");
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            using var http = new HttpClient(
                new SocketsHttpHandler { MaxConnectionsPerServer = HttpLoad.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromMinutes(15),
            };
            var client = new GraphQLClient(http, token);
            var pool = new NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = HttpLoad.Concurrency + 8, CommandTimeout = 900 };
            var dataSource = new NpgsqlDataSourceBuilder(pool.ConnectionString).Build();
            await using var _ = dataSource;
            var graphqlAnswer = await GraphQLTotalsAsync(client);
            var sqlAnswer = await SqlTotalsAsync(dataSource, CancellationToken.None);
            var agree = graphqlAnswer == sqlAnswer;
            Say($"  GraphQL: {graphqlAnswer.Rows} rows, budget {graphqlAnswer.Budget:N2}, committed {graphqlAnswer.Committed:N2}, spent " +
                $"{graphqlAnswer.Spent:N2}");
            Say($"  SQL:     {sqlAnswer.Rows} rows, budget {sqlAnswer.Budget:N2}, committed {sqlAnswer.Committed:N2}, spent {sqlAnswer.Spent:N2}" +
                (agree ? "  (the same answer)" : "  (DIFFERENT ANSWERS)"));
            async Task<(bool, string?)> GraphQL(CancellationToken ct)
            {
                var (ok, why, body) = await client.PostAsync(FiguresQuery, null, ct);
                using (body)
                {
                    return ok && Totals(body!) == graphqlAnswer ? (true, null) : (false, why ?? "a different answer");
                }
            }
            async Task<(bool, string?)> Sql(CancellationToken ct) =>
                await SqlTotalsAsync(dataSource, ct) == sqlAnswer ? (true, null) : (false, "a different answer");
            var runs = new List<Measured>
            {
                await RoundsAsync("GraphQL, one client", 1, 5, GraphQL),
                await RoundsAsync("SQL, one client", 1, 5, Sql),
                await RoundsAsync($"GraphQL, {HttpLoad.Concurrency} clients", HttpLoad.Concurrency, options.Rounds, GraphQL),
                await RoundsAsync($"SQL, {HttpLoad.Concurrency} clients", HttpLoad.Concurrency, options.Rounds, Sql),
            };
            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, clients and database; load average now {Machine.LoadAverage()}");
            Say($"Year: {schools.Count:N0} schools × {lines.Count} lines = {accounts:N0} accounts with a budget");
            Say($"Treasury import: {generated.Rows.Count:N0} lines in {generated.Files.Count} monthly files in {seconds:F1} s = " +
                $"{generated.Rows.Count / seconds:N0} lines/s ({summary.Imported:N0} imported, {summary.Duplicate:N0} duplicate, " +
                $"{summary.Rejected:N0} rejected); binary COPY of the same lines {generated.Rows.Count / copy:N0} lines/s " +
                $"({seconds / copy:F0}× the time)");
            Say($"Budget against actual by municipality × line ({graphqlAnswer.Rows:N0} rows over {sqlAnswer.Entries:N0} entries):");
            Say("                                        median        p95   throughput");
            foreach (var run in runs) Say("  " + run.Format());
            Say($"  answers: {(agree ? "GraphQL and SQL agree" : "DIFFERENT ANSWERS")}; ledger {(adds ? "adds up" : "DOES NOT ADD UP")}");
            Say("==================================================================== end");
            return agree && adds && runs.All(r => r.Failures == 0) ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The national registry through the Registry's school import; waits until Budget knows every school.</summary>
    private static async Task<List<BudgetSchool>> RegisterSchoolsAsync(IServiceProvider services, BudgetOptions options)
    {
        var csv = ImportData.RegistryCsv(ImportData.Schools(options.Schools, options.Seed));
        await using (var scope = services.CreateAsyncScope())
        {
            await using var stream = new MemoryStream(csv);
            var report = await scope.ServiceProvider.GetRequiredService<SchoolImporter>().ImportAsync(stream, "bench-registry.csv",
                new CommandContext(Jurisdiction, "bench", Sources.Import, "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
            if (report.Registered != options.Schools) throw new InvalidOperationException($"{report.Rejected} schools rejected");
        }
        var store = services.GetRequiredService<IDocumentStore>();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var query = store.QuerySession(Jurisdiction);
            var known = await query.Query<BudgetSchool>().ToListAsync();
            if (known.Count >= options.Schools) return [.. known.OrderBy(s => s.Code, StringComparer.Ordinal)];
            if (waited.Elapsed > TimeSpan.FromSeconds(300)) throw new InvalidOperationException($"Budget knows {known.Count} schools after 300 s");
            await Task.Delay(200);
        }
    }

    /// <summary>L budget lines over the economic categories as a ministry's chart has them (salaries, goods and services, …).</summary>
    private static List<BudgetLine> Chart(int count)
    {
        (string Prefix, EconomicCategory Category, int Share)[] groups =
        [
            ("611", EconomicCategory.Salaries, 10), ("613", EconomicCategory.GoodsAndServices, 20), ("614", EconomicCategory.Maintenance, 5),
            ("821", EconomicCategory.CapitalIct, 8), ("822", EconomicCategory.Capital, 4), ("615", EconomicCategory.Transfers, 3),
        ];
        var lines = new List<BudgetLine>(count);
        for (var i = 0; lines.Count < count; i++)
        {
            foreach (var (prefix, category, share) in groups)
            {
                if (i < share && lines.Count < count)
                {
                    lines.Add(new BudgetLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i + 1:D2}"),
                        $"{category} {i + 1}", category, null));
                }
            }
            if (i > 1000) throw new InvalidOperationException("no such chart");
        }
        return lines;
    }

    /// <summary>The fiscal year, the budget lines and the funding source, each by Budget's own handler (one command, one transaction).</summary>
    private static async Task ChartAsync(IServiceProvider services, IReadOnlyList<BudgetLine> lines)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var commands = new List<Func<IDocumentSession, Task>>
        {
            s => FiscalYearHandler.Handle(new OpenFiscalYear(FiscalYear, "BAM", null, null), s, default),
            s => BudgetChartHandler.Handle(new DefineFundingSource(Source, "Ministry", FundingKind.Ministry), s, default),
        };
        foreach (var line in lines)
        {
            commands.Add(s => BudgetChartHandler.Handle(new DefineBudgetLine(line.Code, line.Name, line.Category, null), s, default));
        }
        foreach (var command in commands)
        {
            await using var session = store.LightweightSession(Jurisdiction);
            Headers(session);
            await command(session);
            await session.SaveChangesAsync();
        }
    }

    /// <summary>A budget for every school × line, by <see cref="BudgetDecisions.Plan"/>: a stream per account, 500 accounts a transaction.</summary>
    private static async Task<int> PlanAsync(IServiceProvider services, IReadOnlyList<BudgetSchool> schools, IReadOnlyList<BudgetLine> lines)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var source = new FundingSource(Source, "Ministry", FundingKind.Ministry);
        var targets = schools.SelectMany(s => lines.Select(l => AccountRef.For(Jurisdiction, FiscalYear,
            new BudgetHolder(HolderKind.School, s.Id, s.Code, s.Municipality, s.Level), l, source, "BAM"))).ToList();
        var chunks = targets.Chunk(500).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref next)) < chunks.Count)
            {
                await using var session = store.LightweightSession(Jurisdiction);
                Headers(session);
                foreach (var target in chunks[mine])
                {
                    var amount = target.Line.Category == EconomicCategory.Salaries ? 2_500_000m : 2_000_000m;
                    session.Events.StartStream<BudgetAccountView>(target.Id,
                        BudgetDecisions.Plan(null, target, amount, "Budget 2026", new DateOnly(FiscalYear, 1, 2), null));
                }
                await session.SaveChangesAsync();
            }
        })));
        return targets.Count;
    }

    private static void Headers(IDocumentSession session)
    {
        session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "bench");
        session.SetHeader(EventHeaders.Source, Sources.Seed);
    }

    /// <summary>One generated expenditure line as the baseline copies it (the file writes the same values).</summary>
    /// <param name="Kind">C for a commitment, P for a payment.</param>
    /// <param name="Settles">The document number of the commitment a payment settles, or -1.</param>
    private sealed record Line(char Kind, DateOnly On, string Reference, decimal Amount, string LineCode, string Holder, int Settles, string Category,
        string? Payee);

    private sealed record Generated(List<Line> Rows, List<(string Name, byte[] Content, int Count)> Files, int Refused, int Repeated);

    /// <summary>
    /// N lines from 2 January to 30 November, a file a month (as a treasury system exports them): for each line a random account; four in
    /// ten commitments, four in ten payments against the account's oldest open commitment (all of what is outstanding, or half), two in
    /// ten direct payments; amounts of 100 to 20,000 BAM, far inside each budget. One line in a thousand names a budget line the chart does
    /// not have, one in a thousand would overspend its account, one in two thousand repeats the line before it (a duplicate).
    /// </summary>
    private static Generated Generate(IReadOnlyList<BudgetSchool> schools, IReadOnlyList<BudgetLine> lines, int count, int seed)
    {
        var random = new Random(seed);
        var open = new Queue<(int Number, decimal Outstanding)>[schools.Count * lines.Count];
        var rows = new List<Line>(count);
        var files = new List<(string, byte[], int)>();
        var refused = 0;
        var repeated = 0;
        const string header = "Type;Date;Document No;Amount;Currency;Economic code;Funding source;Budget holder;Commitment No;Payee category;" +
            "Payee;Description";
        var months = 11;
        var document = 0;
        for (var month = 1; month <= months; month++)
        {
            var inMonth = count / months + (month <= count % months ? 1 : 0);
            var text = new StringBuilder(inMonth * 120).Append(header).Append('\n');
            var days = DateTime.DaysInMonth(FiscalYear, month) - (month == 1 ? 1 : 0);
            for (var i = 0; i < inMonth; i++)
            {
                var on = new DateOnly(FiscalYear, month, (month == 1 ? 2 : 1) + (int)((long)i * days / inMonth));
                if (rows.Count > 0 && random.Next(2_000) == 0)
                {
                    // The export repeats a line (its document once again): a duplicate.
                    var last = rows[^1];
                    Append(text, last);
                    rows.Add(last);
                    repeated++;
                    continue;
                }
                var accountIndex = random.Next(open.Length);
                var school = schools[accountIndex / lines.Count];
                var line = lines[accountIndex % lines.Count];
                var queue = open[accountIndex] ??= new Queue<(int, decimal)>();
                var roll = random.Next(10);
                var amount = 100m + random.Next(1_990_000) / 100m;
                var lineCode = line.Code;
                if (random.Next(1_000) == 0)
                {
                    lineCode = "999-99";
                    refused++;
                }
                else if (random.Next(1_000) == 0)
                {
                    amount = 9_999_999.99m;
                    roll = 0;
                    refused++;
                }
                var payroll = line.Category == EconomicCategory.Salaries;
                var category = payroll ? "payroll" : random.Next(4) == 0 ? "utility" : "supplier";
                var payee = payroll ? null : "Dobavljač " + random.Next(500).ToString("D3", CultureInfo.InvariantCulture) + " d.o.o.";
                var holder = random.Next(10) == 0 ? school.Name : school.Code;
                Line row;
                if (roll < 4 && amount < 9_999_999m || roll == 0)
                {
                    row = new Line('C', on, $"PO-{++document:D8}", amount, lineCode, holder, -1, category, payee);
                    if (lineCode == line.Code && amount < 9_999_999m) queue.Enqueue((document, amount));
                }
                else if (roll < 8 && queue.Count > 0 && lineCode == line.Code)
                {
                    var (number, outstanding) = queue.Dequeue();
                    var part = random.Next(5) < 3 || outstanding < 1 ? outstanding : Math.Round(outstanding / 2, 2, MidpointRounding.ToZero);
                    // Paid in part: the rest stays open, first in line.
                    if (part < outstanding) open[accountIndex] = new Queue<(int, decimal)>([(number, outstanding - part), .. queue]);
                    row = new Line('P', on, $"PN-{++document:D8}", part, lineCode, holder, number, category, payee);
                }
                else
                {
                    row = new Line('P', on, $"PN-{++document:D8}", amount, lineCode, holder, -1, category, payee);
                }
                Append(text, row);
                rows.Add(row);
            }
            files.Add(($"trezor-{FiscalYear}-{month:D2}.csv", Encoding.UTF8.GetBytes(text.ToString()), inMonth));
        }
        return new Generated(rows, files, refused, repeated);
    }

    private static void Append(StringBuilder text, Line row) => text.Append(CultureInfo.InvariantCulture,
        $"{(row.Kind == 'C' ? "obaveza" : "plaćanje")};{row.On:dd.MM.yyyy};{row.Reference};{row.Amount.ToString("#,##0.00", German)};KM;" +
        $"{row.LineCode};{Source};\"{row.Holder.Replace("\"", "\"\"", StringComparison.Ordinal)}\";" +
        $"{(row.Settles >= 0 ? $"PO-{row.Settles:D8}" : "")};{row.Category};{row.Payee};\n");

    private static async Task<(decimal Committed, decimal Spent)> LedgerTotalsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select coalesce(sum(amount) filter (where kind = 'Commitment'), 0), coalesce(sum(amount) filter (where kind = 'Payment'), 0)
            from emis.bud_entries where tenant_id = $1 and fiscal_year = 2026
            """, db);
        command.Parameters.AddWithValue(Jurisdiction);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDecimal(0), reader.GetDecimal(1));
    }

    private static async Task<double> CopyBaselineAsync(string connection, IReadOnlyList<Line> rows)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            drop table if exists public.bench_copy_treasury;
            create table public.bench_copy_treasury (
              kind text not null, on_date date not null, reference text not null, amount numeric not null, currency text not null,
              line text not null, source text not null, holder text not null, commitment text, payee_category text not null, payee text)
            """, db))
        {
            await create.ExecuteNonQueryAsync();
        }
        var stopwatch = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync(
            "copy public.bench_copy_treasury (kind, on_date, reference, amount, currency, line, source, holder, commitment, payee_category, payee) " +
            "from stdin (format binary)"))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Kind == 'C' ? "commitment" : "payment", NpgsqlDbType.Text);
                await copy.WriteAsync(r.On, NpgsqlDbType.Date);
                await copy.WriteAsync(r.Reference, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Amount, NpgsqlDbType.Numeric);
                await copy.WriteAsync("BAM", NpgsqlDbType.Text);
                await copy.WriteAsync(r.LineCode, NpgsqlDbType.Text);
                await copy.WriteAsync(Source, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Holder, NpgsqlDbType.Text);
                if (r.Settles < 0) await copy.WriteNullAsync();
                else await copy.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"PO-{r.Settles:D8}"), NpgsqlDbType.Text);
                await copy.WriteAsync(r.Category, NpgsqlDbType.Text);
                if (r.Payee is null) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Payee, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>An answer reduced to what both ways must agree on: its rows and its sums.</summary>
    private sealed record Answer(int Rows, decimal Budget, decimal Committed, decimal Spent)
    {
        /// <summary>How many ledger entries the sums are over (not compared).</summary>
        public long Entries { get; init; }

        public bool Equals(Answer? other) => other is not null && (Rows, Budget, Committed, Spent) == (other.Rows, other.Budget, other.Committed,
            other.Spent);

        public override int GetHashCode() => HashCode.Combine(Rows, Budget, Committed, Spent);
    }

    private static async Task<Answer> GraphQLTotalsAsync(GraphQLClient client)
    {
        var (ok, why, body) = await client.PostAsync(FiguresQuery, null, CancellationToken.None);
        if (!ok) throw new InvalidOperationException("budgetFigures failed: " + why);
        using (body) return Totals(body!);
    }

    private static Answer Totals(JsonDocument body)
    {
        var rows = body.RootElement.GetProperty("data").GetProperty("budgetFigures").GetProperty("rows");
        decimal budget = 0, committed = 0, spent = 0;
        foreach (var row in rows.EnumerateArray())
        {
            budget += row.GetProperty("budget").GetDecimal();
            committed += row.GetProperty("committed").GetDecimal();
            spent += row.GetProperty("spent").GetDecimal();
        }
        return new Answer(rows.GetArrayLength(), budget, committed, spent);
    }

    private static async Task<Answer> SqlTotalsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(SameSql);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var (rows, budget, committed, spent, entries) = (0, 0m, 0m, 0m, 0L);
        while (await reader.ReadAsync(ct))
        {
            rows++;
            budget += reader.GetDecimal(2);
            committed += reader.GetDecimal(3);
            spent += reader.GetDecimal(4);
            entries += reader.GetInt64(5);
        }
        return new Answer(rows, budget, committed, spent) { Entries = entries };
    }

    /// <summary>What a run of requests measured: every latency (ms), the wall time, the failures.</summary>
    private sealed record Measured(string Name, List<double> Latencies, double Seconds, int Failures, string? FirstFailure)
    {
        public string Format() => $"{Name,-28} {Median(Latencies),10:F0} ms {Percentile(Latencies, 95),8:F0} ms " +
            $"{Latencies.Count / Seconds,8:F2} req/s  ({Latencies.Count} requests, failures {Failures}" +
            $"{(FirstFailure is null ? "" : ": " + FirstFailure)})";
    }

    /// <summary><paramref name="clients"/> clients at once, each sending <paramref name="rounds"/> requests one after the other.</summary>
    private static async Task<Measured> RoundsAsync(string name, int clients, int rounds,
        Func<CancellationToken, Task<(bool Ok, string? Why)>> request)
    {
        // Once, unmeasured: connections opened, plans cached.
        await request(CancellationToken.None);
        var latencies = new List<double>();
        var failures = 0;
        string? first = null;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < rounds; i++)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                string? why;
                try
                {
                    (ok, why) = await request(CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NpgsqlException or JsonException)
                {
                    (ok, why) = (false, e.GetType().Name + ": " + e.Message);
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                    if (!ok)
                    {
                        failures++;
                        first ??= why;
                    }
                }
            }
        })));
        var run = new Measured(name, latencies, watch.Elapsed.TotalSeconds, failures, first);
        Say("  " + run.Format());
        return run;
    }

    private static double Median(List<double> values) => Percentile(values, 50);

    /// <summary>Nearest rank, as the other benchmarks report percentiles.</summary>
    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Whether the cluster keeps statement statistics (started with shared_preload_libraries=pg_stat_statements): then reset.</summary>
    internal static async Task<bool> StatementsAsync(string connection)
    {
        try
        {
            await BenchDatabase.ExecuteAsync(connection, "create extension if not exists pg_stat_statements");
            await BenchDatabase.ExecuteAsync(connection, "select pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    internal static async Task<List<string>> TopStatementsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select calls, total_exec_time, mean_exec_time, regexp_replace(query, '\s+', ' ', 'g') from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 10
            """, db);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Null when pg_stat_statements dropped its query texts (its text file outgrew what it keeps).
            var text = reader.IsDBNull(3) ? "(query text dropped by pg_stat_statements)" : reader.GetString(3);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{reader.GetInt64(0),10:N0} calls {reader.GetDouble(1) / 1000,8:F1} s total {reader.GetDouble(2),7:F3} ms mean  " +
                $"{(text.Length > 100 ? text[..100] + "…" : text)}"));
        }
        return lines;
    }

    /// <summary>Told at once, on the importer's thread (after each batch's commit).</summary>
    private sealed class Told(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static async Task<string> DataDirectoryAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("show data_directory", db);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void Say(string line) => Console.WriteLine(line);
}
