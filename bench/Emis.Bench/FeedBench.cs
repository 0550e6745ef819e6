using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Emis.Enrollment.Learners;
using Emis.Features.Partners.Feed;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

/// <summary>
/// The partner feed benchmark (issue 5): a fresh database filled with N public events (learners registered and
/// enrolled, written by COPY through <see cref="BulkWrite"/>), then the whole log read through the real host over HTTP
/// (GET /api/events, pages of 1,000 and 10,000) against a baseline in the same run: the same rows read by raw SQL in the
/// same pages. Every figure printed is measured in this run.
/// </summary>
internal static class FeedBench
{
    public const string Usage = "usage: ./emis bench feed [--events N] [--seed X]";
    private const string Jurisdiction = "bench-feed";
    private const int WriteBatch = 50_000;

    public static bool TryParse(string[] args, out (int Events, int Seed) options, out string? problem)
    {
        options = (500_000, 20251);
        problem = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"{args[i]} needs a whole number";
                return false;
            }
            switch (args[i])
            {
                case "--events": options.Events = value; break;
                case "--seed": options.Seed = value; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
        }
        if (options.Events < 2)
        {
            problem = "--events must be at least 2";
            return false;
        }
        return true;
    }

    public static async Task<int> RunAsync(string server, int events, int seed)
    {
        Say($"Emis partner feed benchmark — {events:N0} events, seed {seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, events, seed));
    }

    private static async Task<int> RunInAsync(string connection, string database, int total, int seed)
    {
        Say($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET " +
            $"{Environment.Version}, " +
            $"load average {Machine.LoadAverage()}");
        Say($"database {database}");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // No projection daemon: the async projections would otherwise chew through the fill while the feed is measured.
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                "--Logging:LogLevel:Default=Warning"],
            runDaemon: false);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));

            // 1. Fill.
            var fill = Stopwatch.StartNew();
            await FillAsync(app.Services, total, seed);
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.mt_events");
            var stored = await CountAsync(connection);
            Say($"[1/3] filled {stored:N0} events ({stored / 2:N0} learners registered and enrolled) by COPY in {fill.Elapsed.TotalSeconds:F1} s, " +
                $"then vacuum analyze");
            if (stored != total - total % 2) throw new InvalidOperationException($"expected {total - total % 2} events, found {stored}");

            var issuer = new LocalTokenIssuer(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build());
            var partner = issuer.Issue(new Caller("bench-partner", Roles.Partner, Jurisdiction, null, null));
            var granted = issuer.Issue(
                new Caller("bench-partner", Roles.Partner, Jurisdiction, null, null) { GrantedRights = [Grants.PersonalData] });
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };

            // Warm-up: JIT, the safe head's first walk over the log, the connection pool.
            await FeedPassAsync(http, partner, 1_000, maxPages: 20);
            await SqlPassAsync(connection, 1_000, maxPages: 20);

            // 2. Baseline: the same rows by SQL, every column the feed reads, in the same pages.
            Say("");
            Say("[2/3] baseline: raw SQL over Npgsql, the same rows and columns (tenant, seq_id > after order by seq_id limit PAGE)");
            var sql1k = await SqlPassAsync(connection, 1_000);
            Say($"  pages of  1,000: {sql1k.Events:N0} rows in {sql1k.Seconds:F2} s = {sql1k.Rate:N0} rows/s");
            var sql10k = await SqlPassAsync(connection, 10_000);
            Say($"  pages of 10,000: {sql10k.Events:N0} rows in {sql10k.Seconds:F2} s = {sql10k.Rate:N0} rows/s");

            // 3. The feed over HTTP, as a partner reading from 0 to the end.
            Say("");
            Say("[3/3] feed: GET /api/events over HTTP as a partner, from after=0 until an empty page " +
                "(CloudEvents NDJSON, personal fields withheld)");
            var feed1k = await FeedPassAsync(http, partner, 1_000);
            Say($"  pages of  1,000: {feed1k.Events:N0} events in {feed1k.Seconds:F2} s = {feed1k.Rate:N0} events/s, " +
                $"{feed1k.Bytes / 1024.0 / 1024.0:F0} MB " +
                $"(ratio SQL/feed {Ratio(sql1k.Rate, feed1k.Rate)})");
            var feed10k = await FeedPassAsync(http, partner, 10_000);
            Say($"  pages of 10,000: {feed10k.Events:N0} events in {feed10k.Seconds:F2} s = {feed10k.Rate:N0} events/s, " +
                $"{feed10k.Bytes / 1024.0 / 1024.0:F0} MB " +
                $"(ratio SQL/feed {Ratio(sql10k.Rate, feed10k.Rate)})");
            var grant10k = await FeedPassAsync(http, granted, 10_000);
            Say($"  pages of 10,000 with personal-data: {grant10k.Events:N0} events in {grant10k.Seconds:F2} s = {grant10k.Rate:N0} events/s " +
                $"(ratio SQL/feed {Ratio(sql10k.Rate, grant10k.Rate)})");

            foreach (var pass in new[] { feed1k, feed10k, grant10k })
            {
                if (pass.Events != stored) throw new InvalidOperationException($"the feed gave {pass.Events} events of {stored}");
            }

            Say("");
            Say("==================================================================== summary");
            Say($"events in the log           {stored,12:N0}");
            Say($"SQL baseline, pages 1,000   {sql1k.Rate,12:N0} rows/s");
            Say($"feed over HTTP, pages 1,000 {feed1k.Rate,12:N0} events/s   SQL/feed {Ratio(sql1k.Rate, feed1k.Rate)}");
            Say($"SQL baseline, pages 10,000  {sql10k.Rate,12:N0} rows/s");
            Say($"feed over HTTP, pages 10,000{feed10k.Rate,12:N0} events/s   SQL/feed {Ratio(sql10k.Rate, feed10k.Rate)}");
            Say($"  with personal-data grant  {grant10k.Rate,12:N0} events/s   SQL/feed {Ratio(sql10k.Rate, grant10k.Rate)}");
            Say("==================================================================== end");
            await WriteJsonAsync(new
            {
                events = stored,
                sqlRowsPerSecond = new { page1000 = sql1k.Rate, page10000 = sql10k.Rate },
                feedEventsPerSecond = new { page1000 = feed1k.Rate, page10000 = feed10k.Rate, page10000PersonalData = grant10k.Rate },
            });
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>N events: half learners registered, half enrolled, in streams of two, written by COPY in big transactions.</summary>
    private static async Task FillAsync(IServiceProvider services, int total, int seed)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var random = new Random(seed);
        string[] first = ["Arben", "Drita", "Besnik", "Vjosa", "Amra", "Emir", "Selma", "Kenan", "Elif", "Mert"];
        string[] last = ["Krasniqi", "Gashi", "Hodžić", "Begović", "Yılmaz", "Berisha", "Mehmedović", "Demir"];
        var schools = Enumerable.Range(0, 70).Select(i => (Id: Guid.NewGuid(), Code: $"US-{i:000}", Municipality: $"M{i % 8}")).ToArray();
        var learners = total / 2;
        for (var done = 0; done < learners;)
        {
            var batch = Math.Min(WriteBatch / 2, learners - done);
            await using var write = await BulkWrite.BeginAsync(store, dataSource,
                new CommandContext(Jurisdiction, "bench", Sources.Import, "bench-" + Guid.NewGuid().ToString("N")), outbox: null,
                    CancellationToken.None);
            for (var i = 0; i < batch; i++)
            {
                var id = Guid.NewGuid();
                var school = schools[random.Next(schools.Length)];
                var grade = random.Next(1, 10);
                write.StartStream<Learner>(id,
                    new LearnerRegistered(id, first[random.Next(first.Length)], random.Next(3) == 0 ? null : first[random.Next(first.Length)],
                        last[random.Next(last.Length)], new DateOnly(2019 - grade, random.Next(1, 13), random.Next(1, 29)),
                        random.Next(2) == 0 ? Sex.Female : Sex.Male, "sq", "sq", random.Next(20) == 0 ? Disability.Visual : Disability.None,
                        null, random.Next(30) == 0 ? Displacement.Refugee : null, LearnerContacts.None),
                    new LearnerEnrolled(id, "2025/2026", school.Id, school.Code, school.Municipality, grade, "A", EntryKind.New));
            }
            await write.CommitAsync(CancellationToken.None);
            done += batch;
        }
    }

    private sealed record Pass(long Events, long Bytes, double Seconds)
    {
        public double Rate => Seconds > 0 ? Events / Seconds : 0;
    }

    private static async Task<Pass> FeedPassAsync(HttpClient http, string token, int limit, int maxPages = int.MaxValue)
    {
        var started = Stopwatch.StartNew();
        long after = 0, events = 0, bytes = 0;
        var buffer = new byte[64 * 1024];
        for (var page = 0; page < maxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{PartnerFeedEndpoints.FeedPath}?after={after}&limit={limit}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            long lines = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            var last = long.Parse(response.Headers.GetValues(PartnerFeedEndpoints.LastSequenceHeader).Single(), CultureInfo.InvariantCulture);
            if (lines == 0) break;
            if (last <= after) throw new InvalidOperationException($"the feed did not move past {after}");
            events += lines;
            after = last;
        }
        return new Pass(events, bytes, started.Elapsed.TotalSeconds);
    }

    private static async Task<Pass> SqlPassAsync(string connection, int limit, int maxPages = int.MaxValue)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var started = Stopwatch.StartNew();
        long after = 0, events = 0, bytes = 0;
        for (var page = 0; page < maxPages; page++)
        {
            await using var command = dataSource.CreateCommand($"""
                select seq_id, id, stream_id, version, type, timestamp, tenant_id, correlation_id, causation_id, headers, data
                from emis.mt_events where tenant_id = $1 and seq_id > $2 order by seq_id limit {limit}
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = after });
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                after = reader.GetInt64(0);
                bytes += reader.GetString(10).Length + (reader.IsDBNull(9) ? 0 : reader.GetString(9).Length);
                _ = reader.GetGuid(1);
                _ = reader.GetString(4);
                _ = reader.GetDateTime(5);
                rows++;
            }
            if (rows == 0) break;
            events += rows;
        }
        return new Pass(events, bytes, started.Elapsed.TotalSeconds);
    }

    private static async Task<long> CountAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from emis.mt_events where tenant_id = $1", db);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WriteJsonAsync(object result)
    {
        var path = Environment.GetEnvironmentVariable("EMIS_BENCH_RESULT_JSON");
        if (string.IsNullOrWhiteSpace(path)) return;
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F1", CultureInfo.InvariantCulture) + "×" : "n/a";


    private static void Say(string line) => Console.WriteLine(line);
}
