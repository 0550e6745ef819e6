using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Schools;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Registry.Schools.GettingSchools;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

/// <summary>
/// The enrolment benchmark: a fresh database, the real host on a real port, a bulk load through the real event path,
/// HTTP latency of two GraphQL reads against the same SQL sent straight to PostgreSQL, and live statistics pushed
/// over WebSockets. Every figure printed is measured in this run.
/// </summary>
internal static class EnrollmentBench
{
    private const string Jurisdiction = "una-sana";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string server, BenchOptions options)
    {
        Say($"Emis enrolment benchmark — learners {options.Learners:N0}, {options.Seconds} s per load run, {options.Subscribers} subscribers, " +
            $"{options.Events} live enrolments, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, BenchOptions options)
    {
        var environment = await EnvironmentAsync(connection);
        Say($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET " +
            $"{Environment.Version}, load average {Machine.LoadAverage()}");
        Say($"database {database}: {environment}");

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var started = Stopwatch.GetTimestamp();
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=true",
                "--Emis:GraphQL:RateLimit:PerMinute=0",
                "--Logging:LogLevel:Default=Warning"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            Say($"host started on {address} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

            var schools = await DemoSchoolsAsync(app.Services);
            Say($"{schools.Count} schools known to Enrollment ({schools.Count(s => s.Level == "primary")} primary, " +
                $"{schools.Count(s => s.Level == "upper_secondary")} upper secondary, {schools.Count(s => s.Level == "combined")} combined) " +
                $"in {schools.Select(s => s.Municipality).Distinct().Count()} municipalities");

            // 1. Bulk load through the real event path.
            Say("");
            Say($"[1/3] bulk load: {options.Learners:N0} learners, batches of {Loader.BatchSize:N0}, {Loader.Workers} workers on disjoint schools");
            var load = await new Loader(app.Services.GetRequiredService<LearnerBulkLoader>(), options.Seed)
                .LoadAsync(schools, options.Learners, Say, CancellationToken.None);
            // The steady state autovacuum leaves sooner or later (planner statistics, visibility map for index-only
            // counts): the reads below must not depend on whether it happened to run during the load.
            var vacuum = Stopwatch.StartNew();
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.mt_doc_learnerprofile");
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.enr_counts");
            Say($"  vacuum analyze after the load: {vacuum.Elapsed.TotalSeconds:0.0} s");
            var check = await CheckLoadAsync(connection);
            Say($"  stored: {check.Profiles:N0} learner profiles, {check.Enrolled:N0} enrolled in enr_counts, {check.Events:N0} events");
            if (load.FirstRefusal is not null) Say("  first refusal: " + load.FirstRefusal);

            // 2. Request latency over HTTP, and the same reads as SQL.
            Say("");
            Say($"[2/3] HTTP: {HttpLoad.Concurrency} closed-loop clients, {Warmup.TotalSeconds:F0} s warm-up + {options.Seconds} s measured per run");
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            using var http = new HttpClient(
                new SocketsHttpHandler { MaxConnectionsPerServer = HttpLoad.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromSeconds(60),
            };
            var client = new GraphQLClient(http, token);
            var dataSource = new NpgsqlDataSourceBuilder(
                new NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = HttpLoad.Concurrency + 8 }.ConnectionString).Build();
            await using var _ = dataSource;
            var window = TimeSpan.FromSeconds(options.Seconds);
            var runs = new List<LoadRun>();
            async Task<LoadRun> Run(string name, ClosedLoop.Request request)
            {
                var run = await ClosedLoop.RunAsync(name, HttpLoad.Concurrency, Warmup, window, options.Seed, request);
                Say($"  {name,-28} {run.Requests,8:N0} req  {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
                if (run.FirstFailure is not null) Say("    first failure: " + run.FirstFailure);
                runs.Add(run);
                return run;
            }
            var learnersGraphQL = await Run("(a) learners  GraphQL", HttpLoad.GraphQLLearners(client, schools, check.BySchool));
            var learnersSql = await Run("(a) learners  SQL", HttpLoad.SqlLearners(dataSource, schools, check.BySchool));
            var statisticsGraphQL = await Run("(b) statistics GraphQL", HttpLoad.GraphQLStatistics(client, check.Enrolled));
            var statisticsSql = await Run("(b) statistics SQL", HttpLoad.SqlStatistics(dataSource, check.Enrolled));

            // 3. Live statistics over WebSockets.
            Say("");
            Say($"[3/3] real time: {options.Subscribers} WebSocket subscribers, {options.Events} enrolments one at a time " +
                $"~{Realtime.Gap.TotalMilliseconds:F0} ms apart");
            var graphqlSocket = new UriBuilder(address) { Scheme = "ws", Path = "/graphql" }.Uri;
            var realtime = options.Subscribers > 0 && options.Events > 0
                ? await new Realtime(graphqlSocket, token, client, schools, options.Seed).RunAsync(options.Subscribers, options.Events, Say)
                : null;
            if (realtime?.FirstProblem is not null) Say("  first problem: " + realtime.FirstProblem);

            Summary(options, environment, load, check, learnersGraphQL, learnersSql, statisticsGraphQL, statisticsSql, realtime);
            var failures = runs.Sum(r => r.Failures) + load.Refused + (realtime is null ? 0 : realtime.FailedMutations);
            if (failures > 0) Say($"note: {failures} failed requests, refusals or mutations (see above)");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Summary(BenchOptions options, string environment, LoadResult load, LoadCheck check,
        LoadRun learnersGraphQL, LoadRun learnersSql, LoadRun statisticsGraphQL, LoadRun statisticsSql, RealtimeResult? realtime)
    {
        Say("");
        Say("==================================================================== summary");
        Say($"PostgreSQL: {environment}");
        Say($"Machine: {Environment.ProcessorCount} cores shared by host, clients and database; load average now {Machine.LoadAverage()}");
        Say("Bulk load (LearnerBulkLoader, 1,000 per transaction, 2 workers)");
        Say($"  learners           {load.Registered:N0} registered and enrolled of {load.Requested:N0} ({load.Refused} refused)");
        Say($"  time               {load.Elapsed.TotalSeconds:F1} s");
        Say($"  throughput         {load.PerSecond:F0} learners/s");
        Say($"  per batch          {load.BatchLatency.Format()}");
        Say($"  stored             {check.Profiles:N0} profiles, {check.Enrolled:N0} in statistics, {check.Events:N0} events");
        Say($"HTTP reads ({HttpLoad.Concurrency} concurrent clients, closed loop, {options.Seconds} s after {Warmup.TotalSeconds:F0} s warm-up)");
        foreach (var (graphql, sql) in new[] { (learnersGraphQL, learnersSql), (statisticsGraphQL, statisticsSql) })
        {
            foreach (var run in new[] { graphql, sql })
            {
                Say($"  {run.Name,-24} {run.Requests,8:N0} req {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
            }
            Say($"  {"  GraphQL p99 / SQL p99",-24} {Ratio(graphql.Latency.P99, sql.Latency.P99)}   (throughput GraphQL / SQL " +
                $"{Ratio(graphql.Throughput, sql.Throughput)})");
        }
        if (realtime is null)
        {
            Say("Real time: skipped");
        }
        else
        {
            Say($"Real time ({realtime.Subscribers} subscribers, {realtime.Filtered} of them filtered to one municipality; {realtime.Events} " +
                $"enrolments)");
            Say($"  connect+snapshot   {realtime.ConnectAndSnapshot.TotalSeconds:F2} s for all subscribers");
            Say($"  deliveries         {realtime.Delivered:N0} of {realtime.ExpectedDeliveries:N0} expected, {realtime.Missed} missed (> " +
                $"{Realtime.DeliveryTimeout.TotalSeconds:F0} s), " +
                $"{realtime.Unexpected} duplicate, {realtime.Unattributed} unattributed pushes");
            Say($"  mutation → push    {realtime.Delivery.Format()}");
            Say($"  mutation round trip {realtime.Mutation.Format()}  ({realtime.FailedMutations} failed)");
        }
        Say("==================================================================== end");
    }

    /// <summary>Other work on the machine skews every figure: the 1, 5 and 15 minute load averages say how much there was.</summary>
    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F1", CultureInfo.InvariantCulture) + "×" : "n/a";

    /// <summary>
    /// The demo canton's schools, registered through the Registry's import (as <c>./emis up</c> does), and waited for
    /// until Enrollment has learnt every one of them from the Registry's events.
    /// </summary>
    internal static async Task<IReadOnlyList<BenchSchool>> DemoSchoolsAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        int registered;
        await using (var query = store.QuerySession(Jurisdiction))
        {
            registered = await query.Query<SchoolView>().CountAsync();
        }
        if (registered == 0)
        {
            var started = Stopwatch.GetTimestamp();
            await using var scope = services.CreateAsyncScope();
            await using var csv = typeof(EmisProgram).Assembly.GetManifestResourceStream("Emis.Host.Demo.una-sana-schools.csv")
                ?? throw new InvalidOperationException("the host carries no demo schools");
            var report = await scope.ServiceProvider.GetRequiredService<SchoolImporter>()
                .ImportAsync(csv, "una-sana-schools.csv", new CommandContext(
                    Jurisdiction, "bench", Sources.Seed, "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
            registered = report.Registered + report.Unchanged + report.Updated;
            Say($"demo canton imported: {report.Registered} schools registered, {report.Rejected} rejected, in " +
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }

        var waited = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var query = store.QuerySession(Jurisdiction))
            {
                var known = await query.Query<EnrollmentSchool>().ToListAsync();
                if (known.Count >= registered)
                {
                    Say($"Enrollment learnt {known.Count} schools from the Registry's events in " +
                        $"{Stopwatch.GetElapsedTime(waited).TotalSeconds:F2} s");
                    return [.. known.Select(BenchSchool.From).OrderBy(s => s.Code, StringComparer.Ordinal)];
                }
                if (Stopwatch.GetElapsedTime(waited) > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"Enrollment knows {known.Count} of {registered} schools after 60 s");
                }
            }
            await Task.Delay(50);
        }
    }

    private sealed record LoadCheck(long Profiles, long Enrolled, long Events, IReadOnlyDictionary<Guid, long> BySchool);

    /// <summary>What the load left in the store, read straight from the tables: the truth the reads are checked against.</summary>
    private static async Task<LoadCheck> CheckLoadAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var bySchool = new Dictionary<Guid, long>();
        await using (var command = new NpgsqlCommand(
            "select school_id, sum(count)::bigint from emis.enr_counts where tenant_id = $1 and school_year = $2 group by 1", db))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = LearnerFactory.SchoolYear });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bySchool[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        return new LoadCheck(
            await ScalarAsync(db, "select count(*) from emis.mt_doc_learnerprofile where tenant_id = $1"),
            bySchool.Values.Sum(),
            await ScalarAsync(db, "select count(*) from emis.mt_events where tenant_id = $1"),
            bySchool);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task<string> EnvironmentAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_connections" })
        {
            await using var command = new NpgsqlCommand($"show {name}", db);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }
        return string.Join(", ", settings);
    }


    private static void Say(string line) => Console.WriteLine(line);
}
