using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Emis.Assets.Devices;
using Emis.Assets.Figures;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Assets.Schools;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Schools;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

internal sealed record AssetsOptions(int Schools, int Devices, int Learners, int Runs, int Seed)
{
    public const string Usage = "usage: ./emis bench assets [--schools S] [--devices D] [--learners L] [--runs R] [--seed X]";

    public static bool TryParse(string[] args, out AssetsOptions options, out string? problem)
    {
        options = new AssetsOptions(1_000, 100_000, 100_000, 10, 20262);
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
                case "--devices": options = options with { Devices = value }; break;
                case "--learners": options = options with { Learners = value }; break;
                case "--runs": options = options with { Runs = value }; break;
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
/// A national purchase proposal (issue 16): a fresh database, the real host, S schools registered through the Registry's import,
/// L learners through the learner bulk loader, and for every school its classrooms, census answer and connection and its share
/// of D devices, written by Assets' own decisions (a stream per school and per device, inline projections and interval tables);
/// then the whole jurisdiction's proposal computed by <see cref="ProposalCalculator"/> in process and asked as
/// `purchaseProposal` over HTTP, R times each, against one plain SQL statement summing the same tables (classrooms and working
/// devices per school, learners of grades 5–9 for tablets, the shortfall × the price). Both answers are checked to agree. Then
/// `assetFigures` by municipality, in process and over HTTP.
/// </summary>
internal static class AssetsBench
{
    // The learner loader writes into the demo canton's jurisdiction id; the demo itself is not loaded.
    private const string Jurisdiction = "una-sana";
    private const string Year = "2025/2026";
    private const string Currency = "BAM";

    private static readonly (DeviceType Type, decimal Price)[] Prices =
        [(DeviceType.Laptop, 1_400m), (DeviceType.Tablet, 450m), (DeviceType.Desktop, 1_250m), (DeviceType.Projector, 950m),
            (DeviceType.Printer, 520m)];

    private static readonly SetDeviceNorm[] Norms =
    [
        new("LAPTOP-CLASSROOM", "A laptop in every classroom", DeviceType.Laptop, NormBasis.PerClassroom, 1, null, null, null),
        new("TABLET-PUPILS", "A tablet per 10 learners of grades 5–9", DeviceType.Tablet, NormBasis.PerLearners, 1, 10, 5, 9),
        new("PROJECTOR-CLASSROOM", "A projector in every classroom", DeviceType.Projector, NormBasis.PerClassroom, 1, null, null, null),
    ];

    private const string ProposalQuery = """
        query($norms: [String!], $seq: Long) {
          purchaseProposal(schoolYear: "2025/2026", currency: "BAM", norms: $norms, asOfSequence: $seq) {
            sequence total totals { deviceType required working shortfall amount }
            lines { schoolCode deviceType classrooms learners required working shortfall amount } } }
        """;

    private const string FiguresQuery = """
        query($seq: Long) {
          assetFigures(schoolYear: "2025/2026", groupBy: [MUNICIPALITY], asOfSequence: $seq) {
            rows { municipality devices workingDevices learners classrooms learnersPerDevice { value } classroomsWithDevice { value }
                   electricity { value } internet { value } adaptedForDisabilities { value } belowBandwidth { value } } } }
        """;

    /// <summary>One device type's sums: what the norms require, what works, the shortfall and its cost.</summary>
    private sealed record Sums(DeviceType Type, long Required, long Working, long Shortfall, decimal Amount);

    public static async Task<int> RunAsync(string server, AssetsOptions options)
    {
        Say($"Emis assets benchmark — {options.Schools:N0} schools, {options.Devices:N0} devices, {options.Learners:N0} learners, " +
            $"{options.Runs} runs, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, AssetsOptions options)
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
            Say("[1/4] load: schools (the Registry's import), learners (LearnerBulkLoader), then Assets' own decisions");
            var watch = Stopwatch.StartNew();
            var schools = await RegisterSchoolsAsync(app.Services, options);
            Say($"  {schools.Count:N0} schools registered and known to Enrollment and Assets in {watch.Elapsed.TotalSeconds:F1} s");
            List<BenchSchool> enrolling;
            await using (var query = app.Services.GetRequiredService<IDocumentStore>().QuerySession(Jurisdiction))
            {
                enrolling = [.. (await query.Query<EnrollmentSchool>().ToListAsync()).Select(BenchSchool.From)];
            }
            var load = await new Loader(app.Services.GetRequiredService<LearnerBulkLoader>(), options.Seed)
                .LoadAsync(enrolling, options.Learners, _ => { }, CancellationToken.None);
            Say($"  {load.Registered:N0} learners in {load.Elapsed.TotalSeconds:F1} s ({load.PerSecond:F0}/s)");
            watch.Restart();
            var (classrooms, devices, events) = await LoadAssetsAsync(app.Services, schools, options);
            var seconds = watch.Elapsed.TotalSeconds;
            Say($"  {classrooms:N0} classrooms and {devices:N0} devices ({events:N0} events) in {seconds:F1} s ({devices / seconds:F0} devices/s)");
            await NormsAsync(app.Services);
            foreach (var table in new[] { "ast_rooms", "ast_devices", "ast_services", "ast_connections", "enr_spells", "mt_doc_assetsschool",
                "mt_doc_assetnormsview", "mt_events" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }
            var last = await app.Services.GetRequiredService<Emis.Platform.EventLog.EventLog>()
                .LastSequenceAsync(Jurisdiction, CancellationToken.None);
            var sequence = await app.Services.GetRequiredService<EventLogPulse>().WaitBeyondAsync(last - 1, CancellationToken.None);
            Say($"  everything stands at event sequence {sequence:N0}");

            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            var client = new GraphQLClient(http, token);
            var ministry = new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null);
            var calculator = app.Services.GetRequiredService<ProposalCalculator>();
            await using var dataSource = NpgsqlDataSource.Create(connection);

            Say("");
            Say($"[2/4] the national proposal for LAPTOP-CLASSROOM, {options.Runs} runs one after another each way (after one unmeasured run)");
            string[] laptop = ["LAPTOP-CLASSROOM"];
            var laptopCalc = await TimeAsync(options.Runs, async () =>
                Totals(await calculator.ComputeAsync(ministry, new ProposalQuestion(Year, Currency, laptop, null, null), sequence, default)));
            var laptopHttp = await TimeAsync(options.Runs, () => ProposalOverHttpAsync(client, laptop, sequence));
            var laptopSql = await TimeAsync(options.Runs, () => SameSqlAsync(dataSource, sequence, laptopOnly: true));
            var laptopAgree = Report("laptops", laptopCalc.Answer, laptopHttp.Answer, laptopSql.Answer);

            Say("");
            Say($"[3/4] the national proposal for all three norms (laptops, projectors per classroom; tablets per 10 learners of grades 5–9)");
            var allCalc = await TimeAsync(options.Runs, async () =>
                Totals(await calculator.ComputeAsync(ministry, new ProposalQuestion(Year, Currency, null, null, null), sequence, default)));
            var allHttp = await TimeAsync(options.Runs, () => ProposalOverHttpAsync(client, null, sequence));
            var allSql = await TimeAsync(options.Runs, () => SameSqlAsync(dataSource, sequence, laptopOnly: false));
            var allAgree = Report("all norms", allCalc.Answer, allHttp.Answer, allSql.Answer);

            Say("");
            Say("[4/4] assetFigures by municipality (learners per device, classrooms with a device, 4.a.1, bandwidth)");
            var figures = app.Services.GetRequiredService<AssetFiguresQueries>();
            var figuresCalc = await TimeAsync(options.Runs, async () =>
                (await figures.FiguresAsync(ministry, Year, [AssetDimension.Municipality], AssetFiguresFilter.None, null, sequence, default))
                    .Rows.Count);
            var figuresHttp = await TimeAsync(options.Runs, async () =>
            {
                var (ok, why, body) = await client.PostAsync(FiguresQuery, new { seq = sequence }, CancellationToken.None);
                if (!ok) throw new InvalidOperationException("assetFigures failed: " + why);
                using (body) return body!.RootElement.GetProperty("data").GetProperty("assetFigures").GetProperty("rows").GetArrayLength();
            });
            Say($"  {figuresCalc.Answer} municipalities in process, {figuresHttp.Answer} over GraphQL");

            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, client and database; load average now {Machine.LoadAverage()}");
            Say($"Data: {schools.Count:N0} schools, {classrooms:N0} classrooms, {devices:N0} devices, {load.Registered:N0} learners; " +
                $"sequence {sequence:N0}");
            Say($"Laptop proposal: {Describe(laptopCalc.Answer)}");
            Say($"All-norms proposal: {Describe(allCalc.Answer)}");
            Say("                                          median       p95       max   (ms)");
            Line("laptops: ProposalCalculator in process", laptopCalc.Times);
            Line("laptops: purchaseProposal over HTTP", laptopHttp.Times);
            Line("laptops: the same sums in one SQL", laptopSql.Times);
            Line("all norms: ProposalCalculator in process", allCalc.Times);
            Line("all norms: purchaseProposal over HTTP", allHttp.Times);
            Line("all norms: the same sums in one SQL", allSql.Times);
            Line("assetFigures by municipality in process", figuresCalc.Times);
            Line("assetFigures by municipality over HTTP", figuresHttp.Times);
            Say($"  target: a national proposal under 1 s — calculator {(Percentile(allCalc.Times, 95) < 1000 ? "meets it" : "MISSES it")} " +
                $"(p95 {Percentile(allCalc.Times, 95):F0} ms), over HTTP {(Percentile(allHttp.Times, 95) < 1000 ? "meets it" : "MISSES it")} " +
                $"(p95 {Percentile(allHttp.Times, 95):F0} ms); calculator / SQL (median) {Median(allCalc.Times) / Median(allSql.Times):F1}×");
            Say($"  answers: {(laptopAgree && allAgree ? "the calculator, GraphQL and SQL agree" : "DIFFERENT ANSWERS")}");
            Say("==================================================================== end");
            return laptopAgree && allAgree ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The national registry through the Registry's school import; waits until Enrollment and Assets know every school.</summary>
    private static async Task<List<AssetsSchool>> RegisterSchoolsAsync(IServiceProvider services, AssetsOptions options)
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
            var assets = await query.Query<AssetsSchool>().ToListAsync();
            if (assets.Count >= options.Schools && await query.Query<EnrollmentSchool>().CountAsync() >= options.Schools)
            {
                return [.. assets.OrderBy(s => s.Code, StringComparer.Ordinal)];
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(300)) throw new InvalidOperationException($"Assets knows {assets.Count} schools after 300 s");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Every school's rooms (15–35 classrooms, a computer lab, a library, a staff room), census answer and connection in one
    /// stream, and its share of the devices, a stream each, registered by <see cref="DeviceHandler.Decide(RegisterDevice, Guid,
    /// AssetsSchool, DeviceView?, SchoolInfrastructureView?, DateOnly, DeviceState)"/> in the state an inventory import gives
    /// (about 8% not working): laptops in part of the classrooms, desktops in the lab, projectors, tablets, printers. Ten schools
    /// per transaction, two workers on disjoint schools.
    /// </summary>
    private static async Task<(int Classrooms, int Devices, int Events)> LoadAssetsAsync(IServiceProvider services, List<AssetsSchool> schools,
        AssetsOptions options)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        int classrooms = 0, devices = 0, events = 0;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            var mine = schools.Select((s, i) => (School: s, Index: i)).Where(x => x.Index % 2 == worker).ToList();
            foreach (var chunk in mine.Chunk(10))
            {
                await using var session = store.LightweightSession(Jurisdiction);
                session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
                session.SetHeader(EventHeaders.Actor, "bench");
                session.SetHeader(EventHeaders.Source, Sources.Seed);
                foreach (var (school, index) in chunk)
                {
                    var random = new Random(options.Seed + index);
                    var share = options.Devices / options.Schools + (index < options.Devices % options.Schools ? 1 : 0);
                    var (rooms, deviceEvents) = School(session, random, school, index, share, today);
                    Interlocked.Add(ref classrooms, rooms);
                    Interlocked.Add(ref devices, share);
                    Interlocked.Add(ref events, deviceEvents);
                }
                await session.SaveChangesAsync();
            }
        })));
        return (classrooms, devices, events);
    }

    private static (int Classrooms, int Events) School(IDocumentSession session, Random random, AssetsSchool school, int index, int devices,
        DateOnly today)
    {
        var place = Emis.Assets.Assets.PlaceOf(school);
        var count = random.Next(15, 36);
        const string main = "Main building";
        List<RoomInput> inputs =
        [
            .. Enumerable.Range(1, count).Select(c => new RoomInput(main, c.ToString(CultureInfo.InvariantCulture), RoomKind.Classroom, 28)),
            new RoomInput(main, "Computer lab", RoomKind.ComputerLab, 24),
            new RoomInput(main, "Library", RoomKind.Library, 30),
            new RoomInput(main, "Staff room", RoomKind.Office, null),
        ];
        var rooms = InfrastructureHandler.Decide(new RegisterRooms(school.Id, inputs), place, null, Guid.CreateVersion7)
            .Cast<RoomRegistered>().ToList();
        var services = new BasicServices(ElectricitySource.Grid, random.NextDouble() < 0.9 ? InternetAccess.Pupils : InternetAccess.StaffOnly,
            true, random.NextDouble() < 0.4, random.NextDouble() < 0.3, random.NextDouble() < 0.2, random.NextDouble() < 0.95, true,
            random.NextDouble() < 0.9);
        var census = InfrastructureHandler.Decide(new ReportBasicServices(school.Id, Year, ReportKind.Census, services, null), place, null);
        var fibre = random.NextDouble() < 0.5;
        var connection = InfrastructureHandler.Decide(new RecordConnection(school.Id, fibre ? ConnectionType.Fibre : ConnectionType.Dsl,
            fibre ? 100m : 16m, fibre ? 20m : 1m, "BH Telecom", new DateOnly(2022, 9, 1)), place, null);
        var infrastructureId = SchoolInfrastructureView.IdFor(school.Id);
        session.Events.StartStream<SchoolInfrastructureView>(infrastructureId, [.. rooms, census, connection]);
        var infrastructure = new SchoolInfrastructureView
        {
            Id = infrastructureId,
            SchoolId = school.Id,
            Rooms = [.. rooms.Select(r => new Room(r.RoomId, r.Building, r.Name, r.Kind, r.Capacity, false))],
        };

        var classrooms = rooms.Where(r => r.Kind == RoomKind.Classroom).ToList();
        var lab = rooms.First(r => r.Kind == RoomKind.ComputerLab).RoomId;
        var office = rooms.First(r => r.Kind == RoomKind.Office).RoomId;
        // A school's devices: laptops for 20–100% of its classrooms, then desktops, projectors, tablets and printers.
        var laptops = Math.Min(devices, (int)Math.Round(classrooms.Count * (0.2 + random.NextDouble() * 0.8)));
        var rest = devices - laptops;
        var (desktops, projectors) = ((int)(rest * 0.35), (int)(rest * 0.3));
        var tablets = (int)(rest * 0.3);
        for (var n = 0; n < devices; n++)
        {
            var (type, room) = n < laptops ? (DeviceType.Laptop, (Guid?)classrooms[n % classrooms.Count].RoomId)
                : n < laptops + desktops ? (DeviceType.Desktop, lab)
                : n < laptops + desktops + projectors ? (DeviceType.Projector, classrooms[random.Next(classrooms.Count)].RoomId)
                : n < laptops + desktops + projectors + tablets ? (DeviceType.Tablet, null)
                : (DeviceType.Printer, office);
            var roll = random.NextDouble();
            var state = roll < 0.92 ? DeviceState.Working : roll < 0.95 ? DeviceState.Broken : roll < 0.97 ? DeviceState.InRepair
                : roll < 0.98 ? DeviceState.Stolen : DeviceState.WrittenOff;
            var serial = string.Create(CultureInfo.InvariantCulture, $"BN{index:D5}{n:D5}");
            var price = Prices.First(p => p.Type == type).Price;
            var command = new RegisterDevice(school.Id, serial, type, "Lenovo", "Bench " + type, new DateOnly(2020 + random.Next(5), 3, 1), price,
                Currency, "Ministry", room);
            var id = DeviceIdentity.For(Jurisdiction, serial);
            session.Events.StartStream<DeviceView>(id, DeviceHandler.Decide(command, id, school, null, infrastructure, today, state));
        }
        return (classrooms.Count, rooms.Count + 2 + devices);
    }

    /// <summary>The norms and the BAM price list, each by Assets' own handler (one command, one transaction).</summary>
    private static async Task NormsAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var commands = new List<Func<IDocumentSession, Task>>();
        foreach (var norm in Norms) commands.Add(s => AssetNormsHandler.Handle(norm, s, default));
        commands.Add(s => AssetNormsHandler.Handle(new SetBandwidthNorm(0.5m), s, default));
        foreach (var (type, price) in Prices) commands.Add(s => AssetNormsHandler.Handle(new SetDevicePrice(type, Currency, price), s, default));
        foreach (var command in commands)
        {
            await using var session = store.LightweightSession(Jurisdiction);
            session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
            await command(session);
            await session.SaveChangesAsync();
        }
    }

    private static List<Sums> Totals(ProposalAnswer answer) =>
        [.. answer.Totals.Select(t => new Sums(t.DeviceType, t.Required, t.Working, t.Shortfall, t.Amount ?? 0))];

    private static async Task<List<Sums>> ProposalOverHttpAsync(GraphQLClient client, string[]? norms, long sequence)
    {
        var (ok, why, body) = await client.PostAsync(ProposalQuery, new { norms, seq = sequence }, CancellationToken.None);
        if (!ok) throw new InvalidOperationException("purchaseProposal failed: " + why);
        using (body)
        {
            var proposal = body!.RootElement.GetProperty("data").GetProperty("purchaseProposal");
            return [.. proposal.GetProperty("totals").EnumerateArray().Select(t => new Sums(
                Enum.Parse<DeviceType>(t.GetProperty("deviceType").GetString()!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
                t.GetProperty("required").GetInt64(), t.GetProperty("working").GetInt64(), t.GetProperty("shortfall").GetInt64(),
                t.GetProperty("amount").ValueKind == JsonValueKind.Null ? 0 : t.GetProperty("amount").GetDecimal()))];
        }
    }

    /// <summary>
    /// The same sums in one statement over the same tables: classrooms in use and working devices per school and type open at the
    /// sequence, learners of grades 5–9 enrolled at it (for tablets), the shortfall per school and type, × the price.
    /// </summary>
    private static async Task<List<Sums>> SameSqlAsync(NpgsqlDataSource dataSource, long sequence, bool laptopOnly)
    {
        const string open = "from_seq <= $2 and (to_seq is null or to_seq > $2)";
        var sql = $"""
            with classrooms as (
              select school_id, count(*) as n from emis.ast_rooms where tenant_id = $1 and kind = 'Classroom' and {open} group by school_id),
            pupils as (
              select school_id, count(*) as n from emis.enr_spells
              where tenant_id = $1 and school_year = $3 and grade between 5 and 9 and {open} group by school_id),
            required as (
              select school_id, 'Laptop' as type, n as required from classrooms
              union all select school_id, 'Projector', n from classrooms where not $4
              union all select school_id, 'Tablet', (n + 9) / 10 from pupils where not $4),
            working as (
              select school_id, type, count(*) as n from emis.ast_devices
              where tenant_id = $1 and state = 'Working' and {open} and type = any($5) group by school_id, type),
            lines as (
              select type, coalesce(r.required, 0) as required, coalesce(w.n, 0) as working,
                     greatest(coalesce(r.required, 0) - coalesce(w.n, 0), 0) as shortfall
              from required r full join working w using (school_id, type))
            select type, sum(required)::bigint, sum(working)::bigint, sum(shortfall)::bigint,
                   sum(shortfall) * (case type when 'Laptop' then 1400 when 'Projector' then 950 when 'Tablet' then 450 end)::numeric
            from lines group by type order by type
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        command.Parameters.Add(new NpgsqlParameter { Value = Year });
        command.Parameters.Add(new NpgsqlParameter { Value = laptopOnly });
        command.Parameters.Add(new NpgsqlParameter { Value = laptopOnly ? new[] { "Laptop" } : ["Laptop", "Projector", "Tablet"] });
        await using var reader = await command.ExecuteReaderAsync();
        var sums = new List<Sums>();
        while (await reader.ReadAsync())
        {
            sums.Add(new Sums(Enum.Parse<DeviceType>(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDecimal(4)));
        }
        return [.. sums.OrderBy(s => s.Type)];
    }

    private static async Task<(T Answer, List<double> Times)> TimeAsync<T>(int runs, Func<Task<T>> run)
    {
        var answer = await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.StartNew();
            answer = await run();
            times.Add(started.Elapsed.TotalMilliseconds);
        }
        return (answer, times);
    }

    private static bool Report(string what, List<Sums> calculator, List<Sums> graphql, List<Sums> sql)
    {
        var agree = calculator.SequenceEqual(graphql) && calculator.SequenceEqual(sql);
        Say($"  {what}: calculator {Describe(calculator)}");
        Say($"  {what}: GraphQL    {Describe(graphql)}");
        Say($"  {what}: SQL        {Describe(sql)}  ({(agree ? "the same answer" : "DIFFERENT ANSWERS")})");
        return agree;
    }

    private static string Describe(List<Sums> sums) =>
        string.Join("; ", sums.Select(s => $"{s.Type} {s.Required:N0} required, {s.Working:N0} working, {s.Shortfall:N0} short, {s.Amount:N0} BAM"))
        + $" — total {sums.Sum(s => s.Amount):N0} BAM";

    private static void Line(string name, List<double> times) =>
        Say($"  {name,-42} {Median(times),8:F0}  {Percentile(times, 95),8:F0}  {times.Max(),8:F0}");

    private static double Median(List<double> values) => Percentile(values, 50);

    /// <summary>Nearest rank, as the other benchmarks report percentiles.</summary>
    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static void Say(string line) => Console.WriteLine(line);
}
