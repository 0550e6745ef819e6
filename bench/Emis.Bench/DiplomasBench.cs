using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Credentials.Diplomas;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Privacy;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

/// <summary><c>bench diplomas [--graduates N] [--schools S] [--revoke R] [--clients C] [--seconds T] [--seed X]</c>.</summary>
internal sealed record DiplomasOptions(int Graduates, int Schools, int Revoke, int Clients, int Seconds, int Seed)
{
    public const string Usage =
        "usage: ./emis bench diplomas [--graduates N (default 20000)] [--schools S (default 400)] [--revoke R (default 100)] " +
        "[--clients C (default 64)] [--seconds T (default 15)] [--seed X (default 20267)]";

    public static bool TryParse(string[] args, out DiplomasOptions options, out string? problem)
    {
        options = new DiplomasOptions(20_000, 400, 100, HttpLoad.Concurrency, 15, 20267);
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
                case "--graduates": options = options with { Graduates = value }; break;
                case "--schools": options = options with { Schools = value }; break;
                case "--revoke": options = options with { Revoke = value }; break;
                case "--clients": options = options with { Clients = value }; break;
                case "--seconds": options = options with { Seconds = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        if (options.Revoke >= options.Graduates)
        {
            problem = "--revoke must be less than --graduates";
            return false;
        }
        return true;
    }
}

/// <summary>
/// Issue 18's benchmark: the diplomas of a national graduating cohort issued in one mutation, and the revocation status list
/// under many verifiers. Set-up (not timed): N diploma drafts over S schools in 20 municipalities, appended as
/// <see cref="DiplomaDrafted"/> events through Marten (one stream per diploma, inline projection, personal data encrypted, as
/// drafting writes them). Timed: one <c>issueDiplomas(input: {schoolYear})</c> mutation over HTTP as the ministry admin for the
/// whole jurisdiction, checked afterwards (every draft issued, every status entry distinct), against ES256 signing of the same
/// payloads in a loop and a binary COPY of the same credentials into a plain table; then, after R revocations, <c>GET
/// /credentials/status/{list}</c> from C closed-loop clients against <c>GET /health/live</c> from the same clients on the same
/// host. Every figure printed is measured in this run.
/// </summary>
internal static class DiplomasBench
{
    private const string Jurisdiction = "bench-diplomas";
    private const int Municipalities = 20;
    private const int BatchSize = 1_000;

    private const string IssueMutation = """
        mutation($input: IssueDiplomasInput!) { issueDiplomas(input: $input) { count errors { code field message } } }
        """;

    private const string RevokeMutation = """
        mutation($input: RevokeDiplomaInput!) { revokeDiploma(input: $input) { count errors { code field message } } }
        """;

    public static async Task<int> RunAsync(string server, DiplomasOptions options)
    {
        Say($"Emis diplomas benchmark — {options.Graduates:N0} graduates in {options.Schools:N0} schools of {Municipalities} municipalities, " +
            $"{options.Revoke} revoked, {options.Clients} clients × {options.Seconds} s on the status list, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, DiplomasOptions options)
    {
        Say($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Say($"database {database}: {await EnrollmentBench.EnvironmentAsync(connection)}");
        var dataDirectory = await DataDirectoryAsync(connection);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                "--Emis:GraphQL:RateLimit:PerMinute=0", "--Logging:LogLevel:Default=Warning",
                $"--{DiplomaSettings.Section}:KeyEncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            using var http = new HttpClient(
                new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(60) })
            {
                BaseAddress = address,
                // One mutation for a whole cohort: the client waits as long as the host takes.
                Timeout = TimeSpan.FromMinutes(30),
            };
            var ministry = new GraphQLClient(http, token);

            Say("");
            Say($"[1/4] set-up (not timed): {options.Graduates:N0} diploma drafts, DiplomaDrafted appended through Marten, " +
                $"{BatchSize:N0} a transaction from 2 workers");
            var schools = ImportData.Schools(options.Schools, options.Seed, Municipalities);
            var graduates = ImportData.Learners(schools, options.Graduates, options.Seed, graduating: true);
            var watch = Stopwatch.StartNew();
            var drafts = Drafts(schools, graduates, options.Seed);
            Say($"  generated in {watch.Elapsed.TotalSeconds:F1} s: {drafts.Count:N0} drafts in " +
                $"{drafts.Select(d => d.SchoolId).Distinct().Count()} " +
                $"schools of {drafts.Select(d => d.Municipality).Distinct().Count()} municipalities, " +
                $"{drafts.Min(d => d.Content.Subjects.Count)}–{drafts.Max(d => d.Content.Subjects.Count)} subjects each, " +
                $"e.g. {drafts[0].Content.GivenName} {drafts[0].Content.FamilyName}, {drafts[0].Content.SchoolName}");
            watch.Restart();
            await SeedAsync(store, drafts);
            Say($"  appended and projected in {watch.Elapsed.TotalSeconds:F1} s ({drafts.Count / watch.Elapsed.TotalSeconds:F0} drafts/s)");
            foreach (var table in new[] { "mt_doc_diplomaview", "mt_events", "mt_streams" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }
            var counted = await StatusCountsAsync(store);
            if (counted.GetValueOrDefault(DiplomaStatus.Draft) != drafts.Count)
            {
                throw new InvalidOperationException($"{counted.GetValueOrDefault(DiplomaStatus.Draft)} drafts stored, {drafts.Count} appended");
            }

            Say("");
            Say($"[2/4] issueDiplomas(input: {{ schoolYear: \"{ImportData.SchoolYear}\" }}) over HTTP, one mutation, the ministry admin, " +
                "the whole jurisdiction");
            var statements = await BudgetBench.StatementsAsync(connection);
            var (hostCpu, pgCpu) = (Process.GetCurrentProcess().TotalProcessorTime, Machine.PostgresCpu(dataDirectory));
            watch.Restart();
            bool issuedOk;
            string? issuedWhy;
            JsonDocument? issuedBody;
            try
            {
                (issuedOk, issuedWhy, issuedBody) = await ministry.PostAsync(IssueMutation,
                    new { input = new { schoolYear = ImportData.SchoolYear } }, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                (issuedOk, issuedWhy, issuedBody) = (false, e.GetType().Name + ": " + e.Message, null);
            }
            var issueSeconds = watch.Elapsed.TotalSeconds;
            hostCpu = Process.GetCurrentProcess().TotalProcessorTime - hostCpu;
            pgCpu = Machine.PostgresCpu(dataDirectory) - pgCpu;
            string? issueFailure = null;
            using (issuedBody)
            {
                if (!issuedOk) issueFailure = issuedWhy;
                else
                {
                    var payload = issuedBody!.RootElement.GetProperty("data").GetProperty("issueDiplomas");
                    var errors = payload.GetProperty("errors");
                    var count = payload.GetProperty("count").GetInt32();
                    if (errors.GetArrayLength() > 0) issueFailure = "errors: " + errors.GetRawText();
                    else if (count != drafts.Count) issueFailure = $"count {count}, expected {drafts.Count}";
                }
            }
            var cpu = $"CPU: host {hostCpu.TotalSeconds:F1} s, PostgreSQL " +
                $"{pgCpu?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} s";
            if (issueFailure is null)
            {
                Say($"  {drafts.Count:N0} diplomas issued in {issueSeconds:F1} s = {drafts.Count / issueSeconds:N0} diplomas/s; {cpu}");
            }
            else
            {
                Say($"  FAILED after {issueSeconds:F1} s: {issueFailure}; {cpu}");
            }
            if (statements)
            {
                Say("  PostgreSQL's statements during the mutation (pg_stat_statements), by total time:");
                foreach (var line in await TopStatementsAsync(connection)) Say("    " + line);
            }
            var issued = await IssuedAsync(store);
            counted = await StatusCountsAsync(store);
            var entries = issued.Select(d => (d.StatusList, d.StatusIndex)).Distinct().Count();
            var lists = issued.Select(d => d.StatusList).Distinct().Order(StringComparer.Ordinal).ToList();
            var allIssued = counted.GetValueOrDefault(DiplomaStatus.Issued) == drafts.Count && entries == drafts.Count;
            Say($"  stored: {counted.GetValueOrDefault(DiplomaStatus.Issued):N0} ISSUED, {counted.GetValueOrDefault(DiplomaStatus.Draft):N0} " +
                $"DRAFT; {entries:N0} distinct (statusList, statusIndex) in {lists.Count} list(s) {string.Join(", ", lists)} — " +
                (allIssued ? "every draft issued at its own entry" : "NOT every draft issued at its own entry"));

            Baselines? baselines = null;
            if (issued.Count > 0)
            {
                baselines = await BaselinesAsync(app.Services, connection);
                Say($"  baseline: ES256 (ECDsa P-256, SHA-256) over the same {issued.Count:N0} signing inputs (header.payload, " +
                    $"{baselines.PayloadBytes / issued.Count:N0} bytes on average) in a loop, one thread: {baselines.SignSeconds:F2} s = " +
                    $"{issued.Count / baselines.SignSeconds:N0} signatures/s");
                Say($"  baseline: binary COPY of the same {issued.Count:N0} credentials (id, list, index, the JWS and its payload as jsonb) " +
                    $"into a plain table with a primary key: {baselines.CopySeconds:F2} s = {issued.Count / baselines.CopySeconds:N0} rows/s");
                Say($"  for reference, in process: CredentialDocuments.Diploma + CredentialDocuments.Sign (the documents and JWS the " +
                    $"handler makes) for the same {issued.Count:N0}: {baselines.DocumentsSeconds:F2} s = " +
                    $"{issued.Count / baselines.DocumentsSeconds:N0}/s");
            }
            if (!allIssued || lists.Count == 0)
            {
                Say("");
                Say("the diplomas were not issued: the status list cannot be measured");
                Summary(options, drafts.Count, issueSeconds, issueFailure, allIssued, baselines, null);
                return 1;
            }

            Say("");
            Say($"[3/4] {options.Revoke} diplomas revoked (revokeDiploma over HTTP, one after the other), then the status list checked");
            var random = new Random(options.Seed);
            var revoked = issued.Where(d => d.StatusList == lists[0]).OrderBy(_ => random.Next()).Take(options.Revoke).ToList();
            var revokeLatencies = new LatencyRecorder();
            watch.Restart();
            foreach (var diploma in revoked)
            {
                var started = Stopwatch.GetTimestamp();
                var (ok, why, body) = await ministry.PostAsync(RevokeMutation,
                    new { input = new { diplomaId = diploma.Id, reason = "Bench: revoked to fill the status list" } }, CancellationToken.None);
                using (body)
                {
                    var errors = ok ? body!.RootElement.GetProperty("data").GetProperty("revokeDiploma").GetProperty("errors") : default;
                    if (!ok || errors.GetArrayLength() > 0)
                    {
                        throw new InvalidOperationException($"revokeDiploma failed: {why ?? errors.GetRawText()}");
                    }
                }
                revokeLatencies.Add(Stopwatch.GetTimestamp() - started);
            }
            Say($"  {revoked.Count} revocations in {watch.Elapsed.TotalSeconds:F1} s: {revokeLatencies.Summarise().Format()}");
            var list = lists[0];
            var path = $"/credentials/status/{Uri.EscapeDataString(list)}";
            var expected = await http.GetStringAsync(new Uri(path, UriKind.Relative));
            var check = await CheckStatusListAsync(store, expected, [.. revoked.Select(d => d.StatusIndex)]);
            Say($"  GET {path}: {expected.Length:N0} bytes; {check ?? "signature verified with the issuer's key, exactly the revoked bits set"}");
            if (check is not null)
            {
                Summary(options, drafts.Count, issueSeconds, issueFailure, allIssued, baselines, null);
                return 1;
            }
            var credentials = app.Services.GetRequiredService<PublicCredentials>();
            var recompute = new LatencyRecorder();
            for (var i = 0; i < 20; i++)
            {
                var started = Stopwatch.GetTimestamp();
                _ = await credentials.RevokedAsync(list, CancellationToken.None);
                recompute.Add(Stopwatch.GetTimestamp() - started);
            }
            Say($"  what a node does when its copy is older than a second, in process (PublicCredentials.RevokedAsync: the list's " +
                $"{issued.Count(d => d.StatusList == list):N0} entries read), 20 times: {recompute.Summarise().Format()}");

            Say("");
            Say($"[4/4] {options.Clients} closed-loop clients for {options.Seconds} s each (after 2 s of warm-up): the status list, then " +
                "/health/live on the same host; every answer checked");
            var window = TimeSpan.FromSeconds(options.Seconds);
            var warmup = TimeSpan.FromSeconds(2);
            if (statements) await BenchDatabase.ExecuteAsync(connection, "select pg_stat_statements_reset()");
            var (loadHost, loadPg) = (Process.GetCurrentProcess().TotalProcessorTime, Machine.PostgresCpu(dataDirectory));
            var statusRun = await ClosedLoop.RunAsync("GET /credentials/status/{list}", options.Clients, warmup, window, options.Seed,
                Get(http, path, expected));
            loadHost = Process.GetCurrentProcess().TotalProcessorTime - loadHost;
            loadPg = Machine.PostgresCpu(dataDirectory) - loadPg;
            Say($"  {Format(statusRun)}");
            Say($"    CPU during the run (with warm-up): host {loadHost.TotalSeconds:F1} s, PostgreSQL " +
                $"{loadPg?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} s");
            if (statements)
            {
                Say("    PostgreSQL's statements during the run, by total time:");
                foreach (var line in await TopStatementsAsync(connection)) Say("      " + line);
            }
            var healthRun = await ClosedLoop.RunAsync("GET /health/live", options.Clients, warmup, window, options.Seed,
                Get(http, "/health/live", null));
            Say($"  {Format(healthRun)}");

            Summary(options, drafts.Count, issueSeconds, issueFailure, allIssued, baselines, (statusRun, healthRun));
            return issueFailure is null && statusRun.Failures == 0 && healthRun.Failures == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Summary(DiplomasOptions options, int drafts, double issueSeconds, string? issueFailure, bool allIssued,
        Baselines? baselines, (LoadRun Status, LoadRun Health)? runs)
    {
        Say("");
        Say("==================================================================== summary");
        Say($"Machine: {Environment.ProcessorCount} cores shared by host, clients and database; load average now {Machine.LoadAverage()}");
        Say($"Cohort: {drafts:N0} diploma drafts in {options.Schools:N0} schools of {Municipalities} municipalities, one jurisdiction");
        Say(issueFailure is null
            ? $"issueDiplomas, one mutation over HTTP: {drafts:N0} diplomas in {issueSeconds:F1} s = {drafts / issueSeconds:N0} diplomas/s" +
              $" ({(allIssued ? "all issued, every status entry distinct" : "NOT all issued at distinct entries")})"
            : $"issueDiplomas, one mutation over HTTP: FAILED after {issueSeconds:F1} s: {issueFailure}");
        if (baselines is not null)
        {
            Say($"  baseline ES256 alone over the same payloads: {baselines.SignSeconds:F2} s = {drafts / baselines.SignSeconds:N0} signatures/s" +
                $" (the mutation takes {issueSeconds / baselines.SignSeconds:F0}× as long)");
            Say($"  baseline binary COPY of the same credentials: {baselines.CopySeconds:F2} s = {drafts / baselines.CopySeconds:N0} rows/s" +
                $" ({issueSeconds / baselines.CopySeconds:F0}×)");
            Say($"  in process, the handler's documents and JWS alone: {baselines.DocumentsSeconds:F2} s");
        }
        if (runs is { } r)
        {
            Say($"{options.Clients} clients, {options.Seconds} s each:");
            Say($"  {Format(r.Status)}");
            Say($"  {Format(r.Health)}");
            Say($"  the status list costs {r.Health.Throughput / r.Status.Throughput:F1}× the trivial endpoint's time per request");
        }
        Say("==================================================================== end");
    }

    private static string Format(LoadRun run) =>
        $"{run.Name,-32} {run.Throughput,9:N0} req/s  {run.Latency.Format()}  ({run.Requests:N0} requests, failures {run.Failures}" +
        $"{(run.FirstFailure is null ? "" : ": " + run.FirstFailure)})";

    private static ClosedLoop.Request Get(HttpClient http, string path, string? expected) => async (_, ct) =>
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) return (false, $"HTTP {(int)response.StatusCode}");
        return expected is null || body == expected ? (true, null) : (false, "a different status list");
    };

    // ------------------------------------------------------------------ the cohort

    private static readonly (string Code, string Name)[] BosnianCore =
        [("BOS", "Bosanski jezik i književnost"), ("MAT", "Matematika"), ("ENG", "Engleski jezik")];

    private static readonly (string Code, string Name)[] BosnianPrimary =
    [
        ("NJE", "Njemački jezik"), ("HIS", "Historija"), ("GEO", "Geografija"), ("BIO", "Biologija"), ("FIZ", "Fizika"), ("HEM", "Hemija"),
        ("MUZ", "Muzička kultura"), ("LIK", "Likovna kultura"), ("TZO", "Tjelesni i zdravstveni odgoj"), ("INF", "Informatika"),
        ("TEH", "Tehnička kultura"), ("VJE", "Vjeronauka"),
    ];

    private static readonly (string Code, string Name)[] BosnianUpper =
    [
        ("NJE", "Njemački jezik"), ("LAT", "Latinski jezik"), ("HIS", "Historija"), ("GEO", "Geografija"), ("BIO", "Biologija"),
        ("FIZ", "Fizika"), ("HEM", "Hemija"), ("FIL", "Filozofija"), ("SOC", "Sociologija"), ("PSI", "Psihologija"), ("INF", "Informatika"),
        ("TZO", "Tjelesni i zdravstveni odgoj"),
    ];

    private static readonly (string Code, string Name)[] AlbanianCore =
        [("SHQ", "Gjuhë shqipe dhe letërsi"), ("MAT", "Matematikë"), ("ANG", "Gjuhë angleze")];

    private static readonly (string Code, string Name)[] AlbanianPrimary =
    [
        ("GJE", "Gjuhë gjermane"), ("HIS", "Histori"), ("GJG", "Gjeografi"), ("BIO", "Biologji"), ("FIZ", "Fizikë"), ("KIM", "Kimi"),
        ("MUZ", "Edukatë muzikore"), ("FIG", "Edukatë figurative"), ("EFS", "Edukatë fizike, sportet dhe shëndeti"),
        ("TIK", "Teknologji me TIK"), ("EQY", "Edukatë qytetare"), ("SHK", "Shkathtësi për jetë"),
    ];

    private static readonly (string Code, string Name)[] AlbanianUpper =
    [
        ("GJE", "Gjuhë gjermane"), ("FRA", "Gjuhë frënge"), ("HIS", "Histori"), ("GJG", "Gjeografi"), ("BIO", "Biologji"), ("FIZ", "Fizikë"),
        ("KIM", "Kimi"), ("FIL", "Filozofi"), ("SOC", "Sociologji"), ("PSI", "Psikologji"), ("INF", "Informatikë"), ("EFS", "Edukatë fizike"),
    ];

    /// <summary>
    /// A draft per graduate, as drafting makes it from a confirmed graduation: each school teaches the final grade 8–12 subjects
    /// (the language of instruction, mathematics and English, and a school's own choice of the rest, in a fixed order); marks 2–5,
    /// mostly 4 and 5; nine in ten learners have an EduID (its salted hash on the diploma).
    /// </summary>
    private static List<DiplomaDrafted> Drafts(IReadOnlyList<ImportSchool> schools, IReadOnlyList<ImportLearner> graduates, int seed)
    {
        var random = new Random(seed + 1);
        var ids = schools.ToDictionary(s => s.Code, s => (School: RandomId(random), Section: RandomId(random)));
        var curricula = schools.ToDictionary(s => s.Code, s =>
        {
            var (core, rest) = (s.Albanian, s.Level == "primary") switch
            {
                (true, true) => (AlbanianCore, AlbanianPrimary),
                (true, false) => (AlbanianCore, AlbanianUpper),
                (false, true) => (BosnianCore, BosnianPrimary),
                (false, false) => (BosnianCore, BosnianUpper),
            };
            var chosen = rest.OrderBy(_ => random.Next()).Take(random.Next(5, 10)).ToHashSet();
            return core.Concat(rest.Where(chosen.Contains)).ToArray();
        });
        var drafts = new List<DiplomaDrafted>(graduates.Count);
        foreach (var g in graduates)
        {
            var school = g.School;
            var primary = school.Level == "primary";
            var subjects = curricula[school.Code].Select(s =>
            {
                var roll = random.Next(100);
                var mark = roll < 35 ? 5 : roll < 70 ? 4 : roll < 92 ? 3 : 2;
                return new DiplomaSubject(s.Code, s.Name, mark.ToString(CultureInfo.InvariantCulture), mark);
            }).ToList();
            string? hash = null, salt = null;
            if (random.Next(10) > 0)
            {
                salt = Convert.ToHexStringLower(RandomBytes(random, 16));
                var eduId = string.Create(CultureInfo.InvariantCulture, $"{(school.Albanian ? "XK" : "BA")}{random.Next(10_000_000, 99_999_999)}");
                hash = CredentialDocuments.IdentityHash(eduId, salt);
            }
            var (programme, level, isced) = (school.Albanian, primary) switch
            {
                (true, true) => ("Arsimi i mesëm i ulët", "lower_secondary", 2),
                (false, true) => ("Devetogodišnje osnovno obrazovanje", "lower_secondary", 2),
                (true, false) => (school.Name.StartsWith("Gjimnazi", StringComparison.Ordinal) ? "Gjimnazi i përgjithshëm" : "Teknik ekonomik",
                    "upper_secondary", 3),
                (false, false) => (school.Name.StartsWith("JU Gimnazija", StringComparison.Ordinal) ? "Opća gimnazija" : "Ekonomski tehničar",
                    "upper_secondary", 3),
            };
            var content = new DiplomaContent(g.First, g.Parent, g.Last, g.Birth, hash, salt, school.Name, school.Albanian ? "sq" : "bs", programme,
                level, isced, g.Grade, new DateOnly(2026, 6, primary ? 19 : 12), subjects);
            var (schoolId, sectionId) = ids[school.Code];
            var id = Guid.NewGuid();
            drafts.Add(new DiplomaDrafted(id, Guid.NewGuid(), sectionId, schoolId, school.Code, school.Municipality, ImportData.SchoolYear,
                content, null));
        }
        return drafts;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Guid RandomId(Random random) => new(RandomBytes(random, 16));

    /// <summary>
    /// One stream per draft started with its <see cref="DiplomaDrafted"/> (the inline projection makes its <see cref="DiplomaView"/>),
    /// <see cref="BatchSize"/> a transaction from two workers; the learners' data keys made first, one statement a batch, as the bulk
    /// writers do.
    /// </summary>
    private static async Task SeedAsync(IDocumentStore store, IReadOnlyList<DiplomaDrafted> drafts)
    {
        var keys = PersonalDataEncryption.KeysOf(store);
        var chunks = drafts.Chunk(BatchSize).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref next)) < chunks.Count)
            {
                var chunk = chunks[mine];
                if (keys is not null) await keys.PrepareAsync(chunk.Select(d => d.LearnerId), CancellationToken.None);
                await using var session = store.LightweightSession(Jurisdiction);
                session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
                session.SetHeader(EventHeaders.Actor, "bench");
                session.SetHeader(EventHeaders.Source, Sources.Seed);
                foreach (var drafted in chunk) session.Events.StartStream<DiplomaView>(drafted.DiplomaId, drafted);
                await session.SaveChangesAsync();
            }
        })));
    }

    private static async Task<Dictionary<DiplomaStatus, int>> StatusCountsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession(Jurisdiction);
        var statuses = await session.Query<DiplomaView>().Select(d => d.Status).ToListAsync();
        return statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }

    private sealed record Issued(Guid Id, string StatusList, int StatusIndex);

    private static async Task<List<Issued>> IssuedAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession(Jurisdiction);
        var rows = await session.Query<DiplomaView>().Where(d => d.Status == DiplomaStatus.Issued)
            .Select(d => new { d.Id, d.StatusList, d.StatusIndex }).ToListAsync();
        return [.. rows.Select(r => new Issued(r.Id, r.StatusList!, r.StatusIndex!.Value))];
    }

    // ------------------------------------------------------------------ baselines

    private sealed record Baselines(double SignSeconds, double CopySeconds, double DocumentsSeconds, long PayloadBytes);

    /// <summary>
    /// The issued credentials as stored: ES256 over exactly their signing inputs with a fresh P-256 key, one thread; a binary COPY of
    /// them into a plain table; and the handler's own documents and JWS made again in process for the same drafts.
    /// </summary>
    private static async Task<Baselines> BaselinesAsync(IServiceProvider services, string connection)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        List<DiplomaView> views;
        await using (var session = store.QuerySession(Jurisdiction))
        {
            views = [.. await session.Query<DiplomaView>().Where(d => d.Status == DiplomaStatus.Issued).ToListAsync()];
        }
        var inputs = views.Select(v => Encoding.ASCII.GetBytes(v.Credential![..v.Credential!.LastIndexOf('.')])).ToList();
        var payloads = views.Select(v => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(v.Credential!.Split('.')[1]))).ToList();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Once, unmeasured: the first signature pays for loading the native provider.
        _ = key.SignData(inputs[0], HashAlgorithmName.SHA256);
        var watch = Stopwatch.StartNew();
        var jws = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            jws[i] = Encoding.ASCII.GetString(inputs[i]) + "." + Base64Url.EncodeToString(key.SignData(inputs[i], HashAlgorithmName.SHA256));
        }
        var sign = watch.Elapsed.TotalSeconds;

        await BenchDatabase.ExecuteAsync(connection, """
            drop table if exists public.bench_copy_diplomas;
            create table public.bench_copy_diplomas (
              id uuid primary key, status_list text not null, status_index integer not null, credential text not null, payload jsonb not null)
            """);
        watch.Restart();
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var copy = await db.BeginBinaryImportAsync(
                "copy public.bench_copy_diplomas (id, status_list, status_index, credential, payload) from stdin (format binary)");
            for (var i = 0; i < views.Count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(views[i].Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(views[i].StatusList!, NpgsqlDbType.Text);
                await copy.WriteAsync(views[i].StatusIndex!.Value, NpgsqlDbType.Integer);
                await copy.WriteAsync(jws[i], NpgsqlDbType.Text);
                await copy.WriteAsync(payloads[i], NpgsqlDbType.Jsonb);
            }
            await copy.CompleteAsync();
        }
        var copied = watch.Elapsed.TotalSeconds;

        var documents = services.GetRequiredService<CredentialDocuments>();
        var settings = services.GetRequiredService<DiplomaSettings>();
        var kid = $"{settings.IssuerDid(Jurisdiction)}#key-bench";
        var now = DateTimeOffset.UtcNow;
        string Made(DiplomaView view) => CredentialDocuments.Sign(documents.Diploma(Jurisdiction, view, view.Content!,
            Guid.Parse(view.CredentialId!), null, view.StatusList!, view.StatusIndex!.Value, now), kid, key);
        _ = Made(views[0]);
        watch.Restart();
        foreach (var view in views) _ = Made(view);
        var made = watch.Elapsed.TotalSeconds;
        return new Baselines(sign, copied, made, inputs.Sum(i => (long)i.Length));
    }

    // ------------------------------------------------------------------ the status list

    /// <summary>
    /// Null when the status list credential is signed by the jurisdiction's current key and its bitstring has exactly the
    /// <paramref name="revoked"/> indices set; otherwise what is wrong.
    /// </summary>
    private static async Task<string?> CheckStatusListAsync(IDocumentStore store, string jws, IReadOnlyList<int> revoked)
    {
        IssuerView? issuer;
        await using (var session = store.QuerySession(Jurisdiction))
        {
            issuer = await session.LoadAsync<IssuerView>(IssuerView.IdFor(Jurisdiction));
        }
        if (issuer?.Current is not { } current) return "the jurisdiction has no issuer key";
        var parts = jws.Split('.');
        if (parts.Length != 3) return "not a compact JWS";
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(current.X), Y = Base64Url.DecodeFromChars(current.Y) },
        });
        if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return "the signature does not verify with the issuer's current key";
        }
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        var encoded = payload["credentialSubject"]?["encodedList"]?.GetValue<string>() ?? "";
        if (!encoded.StartsWith('u')) return "the encoded list is not multibase base64url";
        using var gzip = new GZipStream(new MemoryStream(Base64Url.DecodeFromChars(encoded.AsSpan(1))), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits);
        var bytes = bits.ToArray();
        if (bytes.Length != StatusLists.Size / 8) return $"the bitstring has {bytes.Length} bytes, not {StatusLists.Size / 8}";
        var set = new List<int>();
        for (var i = 0; i < StatusLists.Size; i++)
        {
            if ((bytes[i >> 3] & (0x80 >> (i & 7))) != 0) set.Add(i);
        }
        return set.SequenceEqual(revoked.Order()) ? null : $"{set.Count} bits set, {revoked.Count} diplomas revoked, or other ones";
    }

    private static async Task<List<string>> TopStatementsAsync(string connection)
    {
        var lines = await BudgetBench.TopStatementsAsync(connection);
        if (lines.Count > 0) return lines;
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*), count(distinct dbid) from pg_stat_statements", db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [$"(none for this database; pg_stat_statements holds {reader.GetInt64(0)} statements of {reader.GetInt64(1)} databases)"];
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
