using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Emis.Credentials.Contracts;
using Emis.Curriculum.Courses;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Host;
using Emis.Learning.Xapi;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

internal sealed record XapiOptions(int Statements, int Learners, int Batch, int Clients, int Seed)
{
    public const string Usage =
        "usage: ./emis bench xapi [--statements N] [--learners L] [--batch B] [--clients C] [--seed X]   (--statements 1000000: the issue's figure)";

    public static bool TryParse(string[] args, out XapiOptions options, out string? problem)
    {
        options = new XapiOptions(200_000, 20_000, 1_000, 4, 20262);
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
                case "--statements": options = options with { Statements = value }; break;
                case "--learners": options = options with { Learners = value }; break;
                case "--batch": options = options with { Batch = Math.Min(value, StatementParser.MaxStatements) }; break;
                case "--clients": options = options with { Clients = value }; break;
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
/// xAPI ingestion at national scale (issue 15, part 4): a fresh database, the real host, L learners with EduIDs and account
/// names (registered through Enrollment's bulk path, their accounts issued through Credentials' ledger) and twelve courses;
/// then N statements — launched, attempted, answered with scores, completed, passed, failed — posted to
/// <c>POST /xapi/statements</c> over real HTTP in batches by C clients, every one checked (200 and its ids) and counted in
/// the store afterwards; against, as the baseline, a binary <c>COPY</c> of the same rows into a plain table with a primary key.
/// </summary>
internal static class XapiBench
{
    private const string Jurisdiction = "una-sana";
    private const string HomePage = "https://una-sana.emis.example/eduid";
    private const int Courses = 12;

    private static readonly string[] Verbs = ["launched", "attempted", "answered", "completed", "passed", "failed"];

    public static async Task<int> RunAsync(string server, XapiOptions options)
    {
        Say($"Emis xAPI benchmark — {options.Statements:N0} statements about {options.Learners:N0} learners, batches of {options.Batch:N0}, " +
            $"{options.Clients} clients, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, XapiOptions options)
    {
        Say($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Say($"database {database}: {await EnrollmentBench.EnvironmentAsync(connection)}");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                "--Emis:GraphQL:RateLimit:PerMinute=0", "--Logging:LogLevel:Default=Warning"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            Say("");
            Say("[1/3] set-up: schools, learners with accounts, courses");
            var watch = Stopwatch.StartNew();
            var schools = await EnrollmentBench.DemoSchoolsAsync(app.Services);
            var load = await new Loader(app.Services.GetRequiredService<LearnerBulkLoader>(), options.Seed)
                .LoadAsync(schools, options.Learners, _ => { }, CancellationToken.None);
            var learners = await IssueAccountsAsync(app.Services);
            await RegisterCoursesAsync(app.Services);
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.cred_identifiers");
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.mt_doc_account");
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.mt_doc_learnerprofile");
            Say($"  {load.Registered:N0} learners registered and {learners.Count:N0} accounts issued, {Courses} courses, in " +
                $"{watch.Elapsed.TotalSeconds:F1} s");

            Say("");
            Say($"[2/3] POST /xapi/statements: {options.Statements:N0} statements in batches of {options.Batch:N0}, {options.Clients} clients");
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench-lms", Roles.Partner, Jurisdiction, null, null) { GrantedRights = [Grants.LearningPlatform] });
            var (elapsed, latency, failure) = await PostAllAsync(address, token, learners, options);
            if (failure is not null)
            {
                Say("  FAILED: " + failure);
                return 1;
            }
            var (stored, facts, events) = await StoredAsync(connection);
            var perSecond = options.Statements / elapsed.TotalSeconds;
            Say($"  {options.Statements:N0} statements in {elapsed.TotalSeconds:F1} s: {perSecond:N0} statements/s; per request {latency.Format()}");
            Say($"  stored: {stored:N0} statement ids, {facts:N0} rows of lrn_course_statements, {events:N0} events" +
                (stored == options.Statements && facts == options.Statements ? " (all of them)" : " (NOT ALL OF THEM)"));

            Say("");
            Say("[3/3] baseline: binary COPY of the same rows into a plain table with a primary key, one transaction");
            var copy = await CopyAsync(connection, learners, options);
            var copyPerSecond = options.Statements / copy.TotalSeconds;
            Say($"  {options.Statements:N0} rows in {copy.TotalSeconds:F2} s: {copyPerSecond:N0} rows/s");

            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, client and database; load average now {Machine.LoadAverage()}");
            Say($"  POST /xapi/statements (checked, learners and courses resolved, events + read models)  {perSecond,10:N0} statements/s " +
                $"({elapsed.TotalSeconds:F1} s)");
            Say($"  binary COPY of the same rows (baseline)                                                {copyPerSecond,10:N0} rows/s " +
                $"({copy.TotalSeconds:F2} s)");
            Say($"  COPY / POST: {copyPerSecond / perSecond:F1}×");
            Say("==================================================================== end");
            return stored == options.Statements && facts == options.Statements ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed record BenchLearner(Guid Id, string EduId, string Username);

    /// <summary>One statement, generated alike for the POST and for the COPY.</summary>
    private readonly record struct Generated(Guid Id, BenchLearner Learner, bool ByEduId, string Verb, string Course, string Activity,
        string? Category, decimal? Scaled, bool? Success, bool? Completion, string? Duration, DateTimeOffset At);

    /// <summary>The statements of a batch, the same for a seed and a batch number.</summary>
    private static IEnumerable<Generated> Batch(IReadOnlyList<BenchLearner> learners, XapiOptions options, int batch)
    {
        var random = new Random(HashCode.Combine(options.Seed, batch));
        var count = Math.Min(options.Batch, options.Statements - batch * options.Batch);
        var start = new DateTimeOffset(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);
        var bytes = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            var learner = learners[random.Next(learners.Count)];
            var course = $"https://lms.example.org/course/c{random.Next(Courses) + 1:D2}";
            var roll = random.Next(100);
            var verb = roll < 15 ? Verbs[0] : roll < 30 ? Verbs[1] : roll < 80 ? Verbs[2] : roll < 90 ? Verbs[3] : roll < 95 ? Verbs[4] : Verbs[5];
            var unit = random.Next(4) + 1;
            var question = verb is "answered" or "attempted";
            var scored = verb is "answered" or "passed" or "failed" or "completed";
            var scaled = scored ? Math.Round((decimal)random.NextDouble(), 2) : (decimal?)null;
            yield return new Generated(new Guid(bytes), learner, random.Next(10) < 7, "http://adlnet.gov/expapi/verbs/" + verb, course,
                question ? $"{course}/unit-{unit}/q-{random.Next(20) + 1}" : course, question ? "U" + unit : null, scaled,
                verb is "answered" ? scaled >= 0.5m : verb is "passed" ? true : verb is "failed" ? false : null,
                verb is "completed" or "passed" ? true : null, verb is "launched" ? null : $"PT{random.Next(30, 1800)}S",
                start.AddSeconds(batch * (long)options.Batch + i));
        }
    }

    private static string Json(IEnumerable<Generated> statements)
    {
        var json = new StringBuilder(capacity: 512 * 1024).Append('[');
        var first = true;
        foreach (var s in statements)
        {
            if (!first) json.Append(',');
            first = false;
            json.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"{s.Id}\",\"actor\":");
            json.Append(s.ByEduId
                ? $"{{\"objectType\":\"Agent\",\"account\":{{\"homePage\":\"{HomePage}\",\"name\":\"{s.Learner.EduId}\"}}}}"
                : $"{{\"objectType\":\"Agent\",\"mbox\":\"mailto:{s.Learner.Username}\"}}");
            json.Append(CultureInfo.InvariantCulture, $",\"verb\":{{\"id\":\"{s.Verb}\"}},\"object\":{{\"id\":\"{s.Activity}\"}}");
            var result = new List<string>();
            if (s.Scaled is { } scaled) result.Add(string.Create(CultureInfo.InvariantCulture, $"\"score\":{{\"scaled\":{scaled}}}"));
            if (s.Success is { } success) result.Add($"\"success\":{(success ? "true" : "false")}");
            if (s.Completion is { } completion) result.Add($"\"completion\":{(completion ? "true" : "false")}");
            if (s.Duration is { } duration) result.Add($"\"duration\":\"{duration}\"");
            if (result.Count > 0) json.Append(",\"result\":{").Append(string.Join(',', result)).Append('}');
            json.Append(",\"context\":{\"platform\":\"Bench LMS\"");
            if (s.Category is { } category)
            {
                json.Append(CultureInfo.InvariantCulture, $",\"contextActivities\":{{\"category\":[{{\"id\":\"{s.Course}/category/{category}\"}}]}}");
            }
            json.Append(CultureInfo.InvariantCulture, $"}},\"timestamp\":\"{s.At:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}");
        }
        return json.Append(']').ToString();
    }

    private static async Task<(TimeSpan Elapsed, LatencySummary Latency, string? Failure)> PostAllAsync(Uri address, string token,
        IReadOnlyList<BenchLearner> learners, XapiOptions options)
    {
        var batches = (options.Statements + options.Batch - 1) / options.Batch;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2 })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var next = -1;
        var done = 0;
        string? failure = null;
        var recorders = new LatencyRecorder[options.Clients];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            var recorder = recorders[c] = new LatencyRecorder();
            int batch;
            while (Volatile.Read(ref failure) is null && (batch = Interlocked.Increment(ref next)) < batches)
            {
                var statements = Batch(learners, options, batch).ToList();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements")
                {
                    Content = new StringContent(Json(statements), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Add(StatementsEndpoint.VersionHeader, StatementsEndpoint.Version);
                var t0 = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                recorder.Add(Stopwatch.GetTimestamp() - t0);
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains(statements[^1].Id.ToString(), StringComparison.Ordinal))
                {
                    Interlocked.CompareExchange(ref failure,
                        $"batch {batch}: HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 600)]}", null);
                    return;
                }
                var finished = Interlocked.Increment(ref done);
                if (finished % Math.Max(1, batches / 10) == 0)
                {
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    var sent = (long)finished * options.Batch;
                    Say($"  {Math.Min(sent, options.Statements),10:N0} statements in {seconds,6:F1} s ({sent / seconds,7:N0}/s)");
                }
            }
        })));
        return (Stopwatch.GetElapsedTime(started), LatencyRecorder.Merge(recorders).Summarise(), failure);
    }

    private static async Task<(long Ids, long Facts, long Events)> StoredAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var command = new NpgsqlCommand(sql, db);
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        return (await Count("select count(*) from emis.lrn_xapi_statements where tenant_id = $1"),
            await Count("select count(*) from emis.lrn_course_statements where tenant_id = $1 and to_seq is null"),
            await Count("select count(*) from emis.mt_events where tenant_id = $1 and type like 'learning.course_statements_%'"));
    }

    /// <summary>The same statements as rows (id, learner, verb, activity, course, category, result, time) by binary COPY.</summary>
    private static async Task<TimeSpan> CopyAsync(string connection, IReadOnlyList<BenchLearner> learners, XapiOptions options)
    {
        await BenchDatabase.ExecuteAsync(connection, """
            create table bench_xapi_copy (statement_id uuid primary key, learner_id uuid not null, verb text not null, activity_id text not null,
              course text not null, category text, scaled numeric, success boolean, completion boolean, duration text, at timestamptz not null)
            """);
        var batches = (options.Statements + options.Batch - 1) / options.Batch;
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        await using (var transaction = await db.BeginTransactionAsync())
        {
            await using (var copy = await db.BeginBinaryImportAsync(
                "copy bench_xapi_copy (statement_id, learner_id, verb, activity_id, course, category, scaled, success, completion, duration, at) " +
                "from stdin (format binary)"))
            {
                for (var batch = 0; batch < batches; batch++)
                {
                    foreach (var s in Batch(learners, options, batch))
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid);
                        await copy.WriteAsync(s.Learner.Id, NpgsqlDbType.Uuid);
                        await copy.WriteAsync(s.Verb, NpgsqlDbType.Text);
                        await copy.WriteAsync(s.Activity, NpgsqlDbType.Text);
                        await copy.WriteAsync(s.Course, NpgsqlDbType.Text);
                        await Nullable(copy, s.Category, NpgsqlDbType.Text);
                        await Nullable(copy, s.Scaled, NpgsqlDbType.Numeric);
                        await Nullable(copy, s.Success, NpgsqlDbType.Boolean);
                        await Nullable(copy, s.Completion, NpgsqlDbType.Boolean);
                        await Nullable(copy, s.Duration, NpgsqlDbType.Text);
                        await copy.WriteAsync(s.At, NpgsqlDbType.TimestampTz);
                    }
                }
                await copy.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        return Stopwatch.GetElapsedTime(started);

        static async Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        {
            if (value is null) await copy.WriteNullAsync();
            else await copy.WriteAsync(value, type);
        }
    }

    /// <summary>Accounts for every learner, issued as the learner import issues them: identifiers picked in memory, 5,000 per bulk write.</summary>
    private static async Task<IReadOnlyList<BenchLearner>> IssueAccountsAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var ledger = services.GetRequiredService<IAccountLedger>();
        await using var query = store.QuerySession(Jurisdiction);
        var profiles = await query.Query<LearnerProfile>().Where(l => l.Status == LearnerStatus.Enrolled)
            .Select(l => new { l.Id, l.FirstName, l.ParentName, l.LastName, l.SchoolId, l.SchoolCode, l.SchoolYear, l.Grade }).ToListAsync();
        var issued = await ledger.LoadIssuedAsync(Jurisdiction, CancellationToken.None);
        var accounts = profiles.OrderBy(p => p.Id).Select(p => new NewAccount(p.Id, PersonKind.Learner, issued.NextEduId(),
            issued.NextUsername(p.FirstName, p.ParentName, p.LastName), p.FirstName, p.LastName, p.SchoolId!.Value, p.SchoolCode!, p.SchoolYear!,
            p.Grade)).ToList();
        foreach (var chunk in accounts.Chunk(5_000))
        {
            await using var write = await BulkWrite.BeginAsync(store, services.GetRequiredService<NpgsqlDataSource>(),
                new CommandContext(Jurisdiction, "bench", Sources.Seed, "bench-" + Guid.NewGuid().ToString("N")), null, CancellationToken.None);
            await ledger.IssueAsync(write, chunk, CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }
        return [.. accounts.Select(a => new BenchLearner(a.PersonId, a.EduId, a.Username))];
    }

    /// <summary>Twelve courses, each with four content categories (units), by the catalogue's own decision.</summary>
    private static async Task RegisterCoursesAsync(IServiceProvider services)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession(Jurisdiction);
        session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "bench");
        session.SetHeader(EventHeaders.Source, Sources.Seed);
        for (var c = 1; c <= Courses; c++)
        {
            var command = new RegisterCourse(string.Create(CultureInfo.InvariantCulture, $"https://lms.example.org/course/c{c:D2}"),
                $"Course {c}", "bs", [.. Enumerable.Range(1, 4).Select(u => new ContentCategory($"U{u}", $"Unit {u}"))], null);
            var registered = CourseCatalogueHandler.DecideRegister(command, null, null);
            session.Events.StartStream<CourseView>(registered.CourseId, registered);
        }
        await session.SaveChangesAsync();
    }

    private static void Say(string line) => Console.WriteLine(line);
}
