using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Emis.Credentials.Accounts;
using Emis.Credentials.Contracts;
using Emis.Enrollment.Attendance;
using Emis.Enrollment.Learners;
using Emis.Features.Rebuild;
using Emis.Host;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Registry.Schools;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

/// <summary>Options of <c>./emis bench rebuild</c>.</summary>
internal sealed record RebuildOptions(long Events, int Seed)
{
    public const string Usage = "usage: ./emis bench rebuild [--events N (default 1000000)] [--seed X]";

    public static bool TryParse(string[] args, out RebuildOptions options, out string? problem)
    {
        options = new RebuildOptions(1_000_000, 7);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--events" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1_000:
                    options = options with { Events = n };
                    i++;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
                    options = options with { Seed = s };
                    i++;
                    break;
                default:
                    problem = $"unknown or invalid option {args[i]}";
                    return false;
            }
        }
        return true;
    }
}

/// <summary>
/// The replay benchmark (issue 5): a fresh database holding an event log of N events written by binary COPY (schools
/// renamed now and then; learners registered, enrolled, some transferred, some withdrawn; their accounts issued and
/// mostly provisioned; class attendance days with corrections), then every read model rebuilt from it, one by one and
/// all together, in events/s against the 50,000 events/s bar, with a plain sequential read of the same log as the
/// baseline, and an audit verification to show the rebuilt rows are right.
/// </summary>
internal static class RebuildBench
{
    private const double Bar = 50_000;
    private const string Year = "2025/2026";
    private const int BatchEvents = 20_000;

    public static async Task<int> RunAsync(string server, RebuildOptions options)
    {
        Say($"Emis rebuild benchmark — {options.Events:N0} events, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, _) => RunInAsync(connection, options));
    }

    private static async Task<int> RunInAsync(string connection, RebuildOptions options)
    {
        Say($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET " +
            $"{Environment.Version}");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
             "--Logging:LogLevel:Default=Warning"],
            runDaemon: false);
        await app.StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var data = app.Services.GetRequiredService<NpgsqlDataSource>();

            Say("");
            Say("[1/4] generating the event log by binary COPY (BulkWrite)");
            var generated = Stopwatch.StartNew();
            var mix = await GenerateAsync(store, data, options);
            var seconds = generated.Elapsed.TotalSeconds;
            Say($"  {mix.Total:N0} events in {seconds:F1} s ({mix.Total / seconds:N0} events/s): " +
                string.Join(", ", mix.ByType.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Value:N0} {kv.Key}")));
            await BenchDatabase.ExecuteAsync(connection, "vacuum analyze emis.mt_events");
            var size = await ScalarAsync<string>(connection, "select pg_size_pretty(pg_total_relation_size('emis.mt_events'))");
            Say($"  mt_events: {size}");

            Say("");
            Say("[2/4] baseline: one sequential read of the whole log in sequence order (seq_id, stream, type, timestamp, headers, data as text)");
            var baseline = await BaselineAsync(connection);
            Say($"  {baseline.Events:N0} events ({baseline.Characters / 1e6:N0} M characters of JSON) in {baseline.Seconds:F2} s = " +
                $"{baseline.Events / baseline.Seconds:N0} events/s");

            var rebuilder = app.Services.GetRequiredService<ReadModelRebuilder>();
            Say("");
            Say("[3/4] rebuilding each read model (live: rows replaced in one transaction)");
            var each = new List<RebuildResult>();
            foreach (var model in rebuilder.All)
            {
                var result = await rebuilder.RebuildLiveAsync(model, null, CancellationToken.None);
                each.Add(result);
                Say($"  {result.ReadModel,-18} {result.Events,11:N0} of its events in {result.Elapsed.TotalSeconds,6:F2} s = " +
                    $"{result.EventsPerSecond,9:N0} events/s " +
                    $"({result.EventsPerSecond / Bar:F2}x the bar), the whole log at {mix.Total / result.Elapsed.TotalSeconds:N0} events/s; " +
                    $"rows: {string.Join(", ", result.Rows.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
            }

            Say("");
            Say("[4/4] rebuilding every read model again (replacing the rows just written), then audit verification into a shadow schema");
            var all = Stopwatch.StartNew();
            long read = 0;
            foreach (var model in rebuilder.All) read += (await rebuilder.RebuildLiveAsync(model, null, CancellationToken.None)).Events;
            var allSeconds = all.Elapsed.TotalSeconds;
            Say($"  all read models: the log's {mix.Total:N0} events in {allSeconds:F2} s = {mix.Total / allSeconds:N0} events/s of log " +
                $"({read:N0} event reads across read models = {read / allSeconds:N0} reads/s)");
            var verified = Stopwatch.StartNew();
            var report = await app.Services.GetRequiredService<ReadModelVerifier>().VerifyAsync(
                rebuilder.All, ReadModelVerifier.DefaultShadowSchema, 5, null,
                CancellationToken.None);
            Say($"  audit verify: {(report.Clean ? "clean" : "DRIFT")} as of sequence {report.Sequence:N0} in {verified.Elapsed.TotalSeconds:F2} s " +
                $"({report.Tables.Sum(t => t.LiveRows):N0} rows compared)");

            Say("");
            Say("summary");
            Say($"  bar: rebuilding every projection at {Bar:N0} events/s or better");
            Say($"  {"read model",-18} {"its events/s",12} {"log events/s",12}");
            foreach (var r in each)
            {
                Say($"  {r.ReadModel,-18} {r.EventsPerSecond,12:N0} {mix.Total / r.Elapsed.TotalSeconds,12:N0}  " +
                    $"{(r.EventsPerSecond >= Bar ? "meets the bar" : "BELOW the bar")}");
            }
            Say($"  {"all",-18} {read / allSeconds,12:N0} {mix.Total / allSeconds,12:N0}  " +
                $"{(mix.Total / allSeconds >= Bar ? "meets the bar" : "BELOW the bar")}");
            Say($"  {"baseline read",-18} {"",12} {baseline.Events / baseline.Seconds,12:N0}  (all read models at " +
                $"{mix.Total / allSeconds / (baseline.Events / baseline.Seconds):P0} of a bare read)");

            if (Environment.GetEnvironmentVariable("EMIS_BENCH_RESULT_JSON") is { Length: > 0 } json)
            {
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
                {
                    events = mix.Total,
                    mix = mix.ByType,
                    generationSeconds = seconds,
                    baselineEventsPerSecond = baseline.Events / baseline.Seconds,
                    readModels = each.Select(r => new { r.ReadModel, r.Events, seconds = r.Elapsed.TotalSeconds, r.EventsPerSecond, r.Rows }),
                    allSeconds,
                    allEventsPerSecond = mix.Total / allSeconds,
                    verifyClean = report.Clean,
                    bar = Bar,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            return report.Clean ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed record Mix(long Total, Dictionary<string, long> ByType);

    /// <summary>
    /// Writes the log in batches of about <see cref="BatchEvents"/> events, one transaction each: the schools, then the
    /// learners with their accounts (about 70% of the events), then attendance days until the log holds N events.
    /// </summary>
    private static async Task<Mix> GenerateAsync(IDocumentStore store, NpgsqlDataSource data, RebuildOptions options)
    {
        var random = new Random(options.Seed);
        var byType = new Dictionary<string, long>();
        long total = 0;
        var context = new CommandContext("bench", "bench", Sources.Import, "bench-rebuild");
        BulkWrite? write = null;
        var staged = 0;

        async Task StageAsync<T>(Guid id, params object[] events)
        {
            write ??= await BulkWrite.BeginAsync(store, data, context, null, CancellationToken.None);
            write.StartStream<T>(id, events);
            foreach (var e in events)
            {
                var name = e.GetType().Name;
                byType[name] = byType.GetValueOrDefault(name) + 1;
            }
            total += events.Length;
            staged += events.Length;
            if (staged >= BatchEvents) await FlushAsync();
        }

        async Task FlushAsync()
        {
            if (write is null) return;
            await write.CommitAsync(CancellationToken.None);
            await write.DisposeAsync();
            write = null;
            staged = 0;
        }

        // Schools: one per 400 learners; a few renamed.
        var learners = options.Events * 7 / 10 / 4;
        var schoolCount = (int)Math.Max(10, learners / 400);
        string[] municipalities = ["Bihać", "Cazin", "Velika Kladuša", "Bužim", "Sanski Most", "Ključ", "Bosanska Krupa", "Bosanski Petrovac"];
        var schools = new List<(Guid Id, string Code, string Municipality)>();
        for (var s = 0; s < schoolCount; s++)
        {
            var id = Guid.CreateVersion7();
            var code = $"S{s:D5}";
            var municipality = municipalities[s % municipalities.Length];
            schools.Add((id, code, municipality));
            var registered = new SchoolRegistered(id, code, $"OŠ {code}", municipality, SchoolLevel.Primary, ["bs"], SchoolStatus.Open);
            if (s % 5 == 0) await StageAsync<School>(id, registered, new SchoolRenamed(id, $"OŠ {code}", $"JU OŠ {code}"));
            else await StageAsync<School>(id, registered);
        }

        // Learners (registered, enrolled; 8% transferred, 4% withdrawn) and their accounts (issued; 70% provisioned).
        var classes = new Dictionary<(int School, int Grade, string Section), List<Guid>>();
        for (var l = 0; l < learners; l++)
        {
            var id = Guid.CreateVersion7();
            var school = random.Next(schools.Count);
            var grade = 1 + random.Next(9);
            var section = random.Next(2) == 0 ? "A" : "B";
            var (schoolId, code, municipality) = schools[school];
            var sex = random.Next(2) == 0 ? Sex.Female : Sex.Male;
            var events = new List<object>
            {
                new LearnerRegistered(
                    id, "Ime", "Roditelj", "Prezime", new DateOnly(2010 + random.Next(10), 1 + random.Next(12), 1 + random.Next(28)), sex, "bs", "bs",
                    random.Next(20) == 0 ? Disability.Physical : null, random.Next(10) == 0 ? "Roma" : null, random.Next(15) == 0
                        ? Displacement.Returnee : null,
                    LearnerContacts.None),
                new LearnerEnrolled(id, Year, schoolId, code, municipality, grade, section, EntryKind.New),
            };
            var roll = random.Next(100);
            if (roll < 8)
            {
                var to = schools[random.Next(schools.Count)];
                events.Add(new LearnerTransferred(id, Year, schoolId, code, to.Id, to.Code, to.Municipality, grade, section));
            }
            else if (roll < 12)
            {
                events.Add(new LearnerWithdrawn(id, Year, schoolId, WithdrawalReason.DroppedOut, null));
            }
            else
            {
                if (!classes.TryGetValue((school, grade, section), out var list)) classes[(school, grade, section)] = list = [];
                list.Add(id);
            }
            await StageAsync<Learner>(id, [.. events]);

            var account = Account.StreamIdOf(id);
            var issued = new AccountIssued(
                id, PersonKind.Learner, $"{l:D12}", $"ime.prezime{l}@bench.example", schoolId, code, Year, grade, "Ime", "Prezime");
            if (random.Next(10) < 7) await StageAsync<Account>(account, issued, new AccountProvisioned(id, Guid.NewGuid().ToString(), null));
            else await StageAsync<Account>(account, issued);
        }

        // Attendance: school days for every class in turn, with a correction for about one day in three.
        var statuses =
            new[] { AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Absent,
            AttendanceStatus.Excused, AttendanceStatus.Remote };
        var day = new DateOnly(2025, 9, 1);
        var classList = classes.Where(c => c.Value.Count > 0).ToList();
        while (total < options.Events)
        {
            foreach (var ((school, grade, section), members) in classList)
            {
                if (total >= options.Events) break;
                var (schoolId, code, municipality) = schools[school];
                var classDay = ClassDay.IdFor("bench", schoolId, Year, grade, section, day);
                var marks = members.Select(m => new AttendanceMark(m, statuses[random.Next(statuses.Length)])).ToList();
                var recorded = new AttendanceRecorded(classDay, schoolId, code, municipality, Year, grade, section, day, marks);
                if (random.Next(3) == 0)
                {
                    var mark = marks[random.Next(marks.Count)];
                    var corrected = new AttendanceCorrected(classDay, mark.LearnerId, mark.Status, AttendanceStatus.Excused, "note from home");
                    await StageAsync<ClassDay>(classDay, recorded, corrected);
                }
                else
                {
                    await StageAsync<ClassDay>(classDay, recorded);
                }
            }
            day = day.AddDays(day.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
        }
        await FlushAsync();
        return new Mix(total, byType);
    }

    private static async Task<(long Events, double Seconds, long Characters)> BaselineAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(
            "select seq_id, stream_id, type, timestamp, headers::text, data::text from emis.mt_events order by seq_id", db)
        {
            CommandTimeout = 0,
        };
        await using var reader = await command.ExecuteReaderAsync();
        long events = 0, characters = 0;
        while (await reader.ReadAsync())
        {
            events++;
            characters += reader.GetString(5).Length;
        }
        return (events, clock.Elapsed.TotalSeconds, characters);
    }


    private static async Task<T> ScalarAsync<T>(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static void Say(string line) => Console.WriteLine(line);
}
