using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.RecordQualifications;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

internal sealed record StaffFiguresOptions(int Learners, int Staff, int Seconds, int Seed)
{
    public const string Usage = "usage: ./emis bench staff [--staff M] [--schools S] [--learners N] [--seconds T] [--seed X]";

    public static bool TryParse(string[] args, out StaffFiguresOptions options, out string? problem)
    {
        options = new StaffFiguresOptions(200_000, -1, 15, 20261);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"{args[i]} needs a whole number";
                return false;
            }
            switch (args[i])
            {
                case "--learners": options = options with { Learners = Math.Max(1, value) }; break;
                case "--staff": options = options with { Staff = value }; break;
                case "--seconds": options = options with { Seconds = Math.Max(1, value) }; break;
                case "--seed": options = options with { Seed = value }; break;
                case "--schools": break; // the import part's (StaffOptions)
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        // Kosovo's ratio: about one member of staff per seven learners.
        if (options.Staff < 0) options = options with { Staff = options.Learners / 7 };
        return true;
    }
}

/// <summary>
/// The staff figures benchmark: a fresh database, the real host on a real port, learners loaded through the real event path
/// and staff (about one per seven learners) through Staffing's own decisions and inline projections, then the question every
/// ministry reads — pupil–teacher ratios and staff by municipality × level × sex, live — asked by 64 closed-loop clients
/// over GraphQL, against the same SQL statements the query runs sent straight to PostgreSQL. Every figure printed is
/// measured in this run.
/// </summary>
internal static class StaffFiguresBench
{
    private const string Jurisdiction = "una-sana";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    private const string Query = """
        query { staffStatistics(schoolYear: "2025/2026", groupBy: [MUNICIPALITY, LEVEL, SEX]) {
          sequence rows { municipality level sex headcount fte teachers trained qualified learners
            ptr { value numerator denominator reason } trainedPercent { value numerator denominator } } } }
        """;

    public static async Task<int> RunAsync(string server, StaffFiguresOptions options)
    {
        Say($"Emis staff figures benchmark — learners {options.Learners:N0}, staff {options.Staff:N0}, {options.Seconds} s per load run, " +
            $"seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, StaffFiguresOptions options)
    {
        Say($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Say($"database {database}: {await EnrollmentBench.EnvironmentAsync(connection)}");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=true",
                "--Emis:GraphQL:RateLimit:PerMinute=0",
                "--Logging:LogLevel:Default=Warning"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            var schools = await EnrollmentBench.DemoSchoolsAsync(app.Services);

            Say("");
            Say($"[1/3] load: {options.Learners:N0} learners (LearnerBulkLoader), {options.Staff:N0} staff " +
                "(Staffing's decisions, inline projections)");
            var load = await new Loader(app.Services.GetRequiredService<LearnerBulkLoader>(), options.Seed)
                .LoadAsync(schools, options.Learners, Say, CancellationToken.None);
            Say($"  learners: {load.Registered:N0} in {load.Elapsed.TotalSeconds:F1} s");
            var staffLoad = Stopwatch.StartNew();
            var staff = await LoadStaffAsync(app.Services, options.Staff, options.Seed);
            var staffSeconds = staffLoad.Elapsed.TotalSeconds;
            Say($"  staff:    {staff:N0} in {staffSeconds:F1} s ({staff / staffSeconds:F0}/s)");
            foreach (var table in new[] { "enr_spells", "stf_posts", "stf_standards", "mt_events" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }

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
            var (ok, why, body) = await client.PostAsync(Query, null, CancellationToken.None);
            if (!ok) throw new InvalidOperationException("the staff figures query failed: " + why);
            var rows = body!.RootElement.GetProperty("data").GetProperty("staffStatistics").GetProperty("rows");
            var headcount = rows.EnumerateArray().Sum(r => r.GetProperty("headcount").GetInt64());
            Say($"  answer: {rows.GetArrayLength()} rows, headcount {headcount:N0} (this run loaded {staff:N0}; the demo canton's staff " +
                "come on top when the demo had loaded its learners)");
            body.Dispose();

            var window = TimeSpan.FromSeconds(options.Seconds);
            async Task<LoadRun> Run(string name, ClosedLoop.Request request)
            {
                var run = await ClosedLoop.RunAsync(name, HttpLoad.Concurrency, Warmup, window, options.Seed, request);
                Say($"  {name,-30} {run.Requests,8:N0} req  {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
                if (run.FirstFailure is not null) Say("    first failure: " + run.FirstFailure);
                return run;
            }
            var graphql = await Run("PTR by municipality×level×sex GraphQL", (_, ct) => client.CheckAsync(Query, null, ct));
            var sql = await Run("the same SQL", (_, ct) => SameSqlAsync(dataSource, ct));

            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, clients and database; load average now {Machine.LoadAverage()}");
            Say($"Data: {load.Registered:N0} learners and {staff:N0} staff loaded by this run (headcount answered: {headcount:N0}) in " +
                $"{schools.Count} schools");
            Say($"Staff load (decisions + events + inline projections incl. figures tables): {staff / staffSeconds:F0} staff/s");
            Say("The GraphQL answer as of a sequence number is computed once and shared by every caller asking it in the same scope;");
            Say("the SQL baseline runs the query's statements for every request.");
            foreach (var run in new[] { graphql, sql })
            {
                Say($"  {run.Name,-38} {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
            }
            Say($"  GraphQL p99 / SQL p99: {Ratio(graphql.Latency.P99, sql.Latency.P99)}   (throughput GraphQL / SQL " +
                $"{Ratio(graphql.Throughput, sql.Throughput)})");
            Say("==================================================================== end");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// What the query sends to PostgreSQL, sent directly: the live sequence number, the day ages are taken on, the contracts and
    /// standards open at it, and the learners enrolled at it (the figures are then grouped in memory by the host).
    /// </summary>
    private static async Task<(bool, string?)> SameSqlAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        long sequence;
        await using (var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from emis.mt_events where tenant_id = $1", db))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            sequence = (long)(await command.ExecuteScalarAsync(ct))!;
        }
        var statements = new[]
        {
            "select max(timestamp) from emis.mt_events where tenant_id = $1 and seq_id <= $2",
            "select staff_id, school_id, school_code, municipality, level, role, contract_type, fte, sex, birth_date, highest_qualification, " +
                "certified, pre_service, in_service_hours from emis.stf_posts " +
                "where tenant_id = $1 and from_seq <= $2 and (to_seq is null or to_seq > $2)",
            "select level, first_grade, last_grade, min_qualification, certification_required, min_in_service_hours from emis.stf_standards " +
                "where tenant_id = $1 and from_seq <= $2 and (to_seq is null or to_seq > $2) order by level",
            "select school_id, school_code, municipality, grade, count(*)::bigint from emis.enr_spells where tenant_id = $1 and school_year = " +
                "'2025/2026' and from_seq <= $2 and (to_seq is null or to_seq > $2) group by school_id, school_code, municipality, grade " +
                "order by school_code, school_id, grade",
        };
        var rows = 0;
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, db);
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = sequence });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows++;
        }
        return (rows > 0, rows > 0 ? null : "no rows");
    }

    /// <summary>
    /// Registers staff school by school (one transaction per 500) with Staffing's own decisions: a contract at the level of the
    /// school, a qualification, and pre-service or in-service training for most, the way the demo canton's are made.
    /// </summary>
    private static async Task<int> LoadStaffAsync(IServiceProvider services, int count, int seed)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        List<StaffingSchool> schools;
        await using (var query = store.QuerySession(Jurisdiction))
        {
            schools = [.. (await query.Query<StaffingSchool>().ToListAsync()).OrderBy(s => s.Code, StringComparer.Ordinal)];
        }
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var loaded = 0;
        var levels = new[] { EducationLevel.Isced1, EducationLevel.Isced2, EducationLevel.Isced3 };
        while (loaded < count)
        {
            await using var session = store.LightweightSession(Jurisdiction);
            session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
            session.SetHeader(EventHeaders.Actor, "bench");
            session.SetHeader(EventHeaders.Source, Sources.Seed);
            for (var i = 0; i < 500 && loaded < count; i++, loaded++)
            {
                var school = schools[loaded % schools.Count];
                var female = random.Next(100) < 70;
                var birth = new DateOnly(random.Next(1962, 2000), random.Next(1, 13), random.Next(1, 29));
                var id = Guid.CreateVersion7();
                var registered = RegisterStaffMemberHandler.Decide(new RegisterStaffMember(id, female ? "Azra" : "Senad", null,
                    "Babić", birth, female ? StaffSex.Female : StaffSex.Male, ["bs"], StaffContacts.None, null), today);
                var staff = StaffMember.Create(registered);
                var level = school.Level == "upper_secondary" ? EducationLevel.Isced3 : levels[random.Next(2)];
                var started = StartContractHandler.Decide(id, new NewContract(Guid.CreateVersion7(), school.Id,
                    random.Next(10) == 0 ? StaffRole.Administrative : StaffRole.Teacher, level, ContractType.Permanent,
                    random.Next(8) == 0 ? 0.5m : 1m, new DateOnly(2020, 9, 1), null, null), staff, school, "contract");
                var events = new List<object>
                {
                    registered,
                    started,
                    RecordQualificationsHandler.Decide(new RecordQualification(id, Guid.CreateVersion7(), random.Next(100) < 85 ? 6 : 5,
                        "Education", "University of Bihać", 2015), today),
                };
                if (random.Next(100) < 75)
                {
                    events.Add(RecordQualificationsHandler.Decide(new RecordTraining(id, Guid.CreateVersion7(), TrainingKind.PreService,
                        "Teacher education programme", "University of Bihać", 600m, new DateOnly(2015, 6, 30)), today));
                }
                session.Events.StartStream<StaffMember>(id, [.. events]);
            }
            await session.SaveChangesAsync();
        }
        return loaded;
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F1", CultureInfo.InvariantCulture) + "×" : "n/a";

    private static void Say(string line) => Console.WriteLine(line);
}
