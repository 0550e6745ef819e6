using System.Globalization;
using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Assets.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using JasperFx.Events;
using Marten;
using AssetRules = Emis.Assets.Assets;

namespace Emis.Host;

/// <summary>
/// The demo canton's school infrastructure, connectivity and ICT devices, so that `./emis up` and one purchase proposal tell the
/// story Emis was asked for: Una-Sana Canton's ministry found from its schools' ICT device data that they needed 700 laptops,
/// and dedicated 1 million BAM so that every classroom gets one. Per school: classrooms in proportion to its class sections
/// (about two sections to a classroom, as schools teach in two shifts), with a computer lab, a science lab, a library or a gym
/// in some; its answer to the 2025/2026 census of basic services (SDG 4.a.1: most have electricity, water and sanitation, fewer
/// have adapted infrastructure, a few have no Internet for pupils); its connection (fibre, DSL, mobile, two schools without
/// one, one outage still open); and its devices: laptops in only part of its classrooms, desktops in its computer lab,
/// projectors, tablets in a few, some broken, in repair, stolen or written off with the reason, and a few laptops loaned to
/// learners of the school (Enrollment's <see cref="IClassLists"/>) for distance learning. The jurisdiction's norms (a laptop
/// and a projector per classroom, a tablet per 10 learners of grades 5–9), bandwidth norm and price list (BAM, and EUR at the
/// fixed rate) come last, then ONE saved proposal, <see cref="ProposalName"/>: the laptop norm priced in BAM, computed by
/// <see cref="ProposalCalculator"/> and saved by <see cref="PurchaseProposalHandler.Decide"/>. The demo canton is smaller than
/// Una-Sana (70 schools of about 60 learners each), so its proposal asks for fewer laptops at the same price per laptop as the
/// canton's 1 million BAM for 700 (about 1,400 BAM each): 889 classrooms, 426 working laptops, 472 short, 660,800 BAM.
/// Every event comes from Assets' own decisions and is appended as its handlers append it (a stream started per school and per
/// device), so that the inline projections and the interval tables of figures see it. Fixed seeds; each part is loaded once (a
/// school with its infrastructure or its devices is left alone, the norms once, the proposal once), so a demo store from before
/// Assets gets them on its next start.
/// </summary>
internal static partial class DemoAssets
{
    public const string ProposalName = "Laptops for every classroom, 2026";
    public const string LaptopNorm = "LAPTOP-CLASSROOM";
    public const string Currency = "BAM";

    /// <summary>The convertible mark's fixed rate: 1 EUR = 1.95583 BAM.</summary>
    private const decimal MarksPerEuro = 1.95583m;

    /// <summary>The canton's price list in convertible marks; the euro list is the same at the fixed rate (a laptop 715.81 EUR).</summary>
    public static readonly (DeviceType Type, decimal Bam)[] Prices =
    [
        (DeviceType.Laptop, 1_400m), (DeviceType.Tablet, 450m), (DeviceType.Desktop, 1_250m), (DeviceType.Projector, 950m),
        (DeviceType.InteractiveBoard, 3_900m), (DeviceType.Router, 280m), (DeviceType.Printer, 520m),
    ];

    private static readonly SetDeviceNorm[] Norms =
    [
        new(LaptopNorm, "A laptop in every classroom", DeviceType.Laptop, NormBasis.PerClassroom, 1, null, null, null),
        new("TABLET-PUPILS", "A tablet per 10 learners of grades 5–9", DeviceType.Tablet, NormBasis.PerLearners, 1, 10, 5, 9),
        new("PROJECTOR-CLASSROOM", "A projector in every classroom", DeviceType.Projector, NormBasis.PerClassroom, 1, null, null, null),
    ];

    /// <summary>Half a megabit down per learner: a school of 60 learners needs 30 Mbit/s (an 8 or 16 Mbit/s DSL line falls short).</summary>
    private const decimal MbpsPerLearner = 0.5m;

    private static readonly Dictionary<DeviceType, (string Make, string Model, string Serial)[]> Models = new()
    {
        [DeviceType.Laptop] = [("Lenovo", "ThinkPad E14 Gen 2", "PF"), ("HP", "ProBook 450 G8", "5CD"), ("Dell", "Latitude 3520", "DL")],
        [DeviceType.Desktop] = [("Dell", "OptiPlex 3080", "DO"), ("HP", "ProDesk 400 G7", "CZC")],
        [DeviceType.Projector] = [("Epson", "EB-E01", "X4"), ("BenQ", "MS550", "PDB")],
        [DeviceType.Tablet] = [("Samsung", "Galaxy Tab A8", "R9")],
        [DeviceType.InteractiveBoard] = [("SMART", "Board MX275", "SBM")],
        [DeviceType.Router] = [("MikroTik", "hAP ac2", "HE")],
        [DeviceType.Printer] = [("HP", "LaserJet Pro M404dn", "PHB")],
    };

    private static readonly string[] Funders =
        ["Cantonal Ministry of Education", "Cantonal Ministry of Education", "Municipality", "UNICEF", "EU4Schools", "Parents' council donation"];

    private static readonly string[] Villages = ["Ripač", "Vrsta", "Ostrožac", "Bosanska Bojna", "Jezerski", "Kamengrad", "Orašac", "Vrnograč"];

    private const string Main = "Glavna zgrada";

    /// <summary>A device to register, what then happened to it (state changes with their reasons), and the learner it is loaned to.</summary>
    private sealed record Planned(RegisterDevice Command, IReadOnlyList<(DeviceState State, string Reason)> Then, Guid? LoanTo);

    public static async Task LoadAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        List<AssetsSchool> schools;
        HashSet<Guid> built, equipped;
        bool normsSet, proposed;
        await using (var query = store.QuerySession(jurisdiction))
        {
            schools = [.. (await query.Query<AssetsSchool>().ToListAsync(ct)).Where(s => !s.IsClosed).OrderBy(s => s.Code, StringComparer.Ordinal)];
            built = [.. await query.Query<SchoolInfrastructureView>().Select(s => s.SchoolId).ToListAsync(ct)];
            equipped = [.. (await query.Query<DeviceView>().Select(d => d.SchoolId).ToListAsync(ct)).Distinct()];
            normsSet = await query.LoadAsync<AssetNormsView>(AssetNormsView.IdFor(jurisdiction), ct) is not null;
            proposed = await query.Query<PurchaseProposalView>().AnyAsync(p => p.Name == ProposalName, ct);
        }
        if (schools.Count == 0 || (normsSet && proposed && schools.All(s => built.Contains(s.Id) && equipped.Contains(s.Id)))) return;

        var classes = services.GetRequiredService<IClassLists>();
        var placements = (await classes.CurrentPlacementsAsync(jurisdiction, ct)).Where(p => p.SchoolYear == DemoLearners.SchoolYear)
            .ToLookup(p => p.SchoolId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var devices = 0;
        var (outageOpen, outageOver) = (false, false);
        for (var i = 0; i < schools.Count; i++)
        {
            var school = schools[i];
            // One seed per school, by its place in the canton's list: a school loaded later gets what it would have got at first.
            var random = new Random(2026_0000 + i);
            var learners = placements[school.Id].ToList();
            var plan = Infrastructure(random, school, i, learners);
            if (!built.Contains(school.Id))
            {
                await using var session = DemoSession.Open(store, jurisdiction);
                var place = AssetRules.PlaceOf(school);
                var rooms = InfrastructureHandler.Decide(new RegisterRooms(school.Id, plan.Rooms), place, null, Guid.CreateVersion7).ToList();
                session.Events.StartStream<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id),
                    [.. rooms, InfrastructureHandler.Decide(plan.Census, place, null), InfrastructureHandler.Decide(plan.Connection, place, null)]);
                await session.SaveChangesAsync(ct);
                // The first DSL school lost its line and is still without it; the first on mobile Internet had an outage that is over.
                if (plan.Connection.Type == ConnectionType.Dsl && !outageOpen)
                {
                    outageOpen = true;
                    await OutageAsync(store, jurisdiction, school.Id, today.AddDays(-3), null, ct);
                }
                else if (plan.Connection.Type == ConnectionType.Mobile && !outageOver)
                {
                    outageOver = true;
                    await OutageAsync(store, jurisdiction, school.Id, today.AddDays(-40), today.AddDays(-37), ct);
                }
            }
            if (!equipped.Contains(school.Id)) devices += await DevicesAsync(store, classes, jurisdiction, school, i, random, learners, today, ct);
        }
        if (!normsSet) await NormsAsync(store, jurisdiction, ct);
        if (!proposed) await ProposeAsync(services, jurisdiction, logger, ct);
        LogLoaded(logger, schools.Count - built.Count, devices);
    }

    private sealed record InfrastructurePlan(List<RoomInput> Rooms, ReportBasicServices Census, RecordConnection Connection);

    /// <summary>A school's rooms, its answer to the census and its connection.</summary>
    private static InfrastructurePlan Infrastructure(Random random, AssetsSchool school, int index, List<LearnerPlacement> learners)
    {
        var sections = learners.Select(l => (l.Grade, l.Section)).Distinct().Count();
        var classrooms = Math.Clamp((sections + 1) / 2 + random.Next(0, 3), 4, 40);
        var satellite = classrooms > 6 && random.NextDouble() < 0.3 ? random.Next(2, 4) : 0;
        var rooms = new List<RoomInput>();
        for (var c = 1; c <= classrooms - satellite; c++) rooms.Add(new RoomInput(Main, Num(c), RoomKind.Classroom, random.Next(24, 33)));
        var village = Villages[random.Next(Villages.Length)];
        for (var c = 1; c <= satellite; c++) rooms.Add(new RoomInput($"Područna škola {village}", Num(c), RoomKind.Classroom, random.Next(12, 21)));
        if (school.Level != "primary" || random.NextDouble() < 0.6) rooms.Add(new RoomInput(Main, "Informatički kabinet", RoomKind.ComputerLab, 20));
        if (random.NextDouble() < 0.35) rooms.Add(new RoomInput(Main, "Kabinet hemije i biologije", RoomKind.Laboratory, 24));
        if (random.NextDouble() < 0.75) rooms.Add(new RoomInput(Main, "Biblioteka", RoomKind.Library, 30));
        if (random.NextDouble() < 0.55) rooms.Add(new RoomInput(Main, "Fiskulturna sala", RoomKind.Gym, 60));
        rooms.Add(new RoomInput(Main, "Zbornica", RoomKind.Office, null));

        // Two schools have no connection; one of them, a remote one, no electricity either.
        var unconnected = index % 35 == 17;
        var roll = random.NextDouble();
        var (type, down, up, provider) = unconnected ? (ConnectionType.None, 0m, 0m, null)
            : roll < 0.40 ? (ConnectionType.Fibre, random.Next(2) == 0 ? 100m : 50m, 20m, "BH Telecom")
            : roll < 0.75 ? (ConnectionType.Dsl, random.Next(2) == 0 ? 16m : 8m, 1m, random.Next(2) == 0 ? "BH Telecom" : "HT Eronet")
            : roll < 0.92 ? (ConnectionType.Mobile, 20m, 5m, "m:tel")
            : (ConnectionType.FixedWireless, 30m, 10m, "Telemach");
        var connection = new RecordConnection(school.Id, type, down, up, provider, new DateOnly(random.Next(2019, 2025), random.Next(1, 13), 1));
        var electricity = unconnected && index >= 35 ? ElectricitySource.None : random.NextDouble() < 0.03 ? ElectricitySource.Generator
            : ElectricitySource.Grid;
        var internet = unconnected ? InternetAccess.None : random.NextDouble() < 0.12 ? InternetAccess.StaffOnly : InternetAccess.Pupils;
        var adapted = random.NextDouble() < 0.2;
        var services = new BasicServices(electricity, internet, electricity != ElectricitySource.None, adapted || random.NextDouble() < 0.45,
            adapted || random.NextDouble() < 0.2, adapted || random.NextDouble() < 0.15, random.NextDouble() < 0.94, random.NextDouble() < 0.9,
            random.NextDouble() < 0.91);
        var census = new ReportBasicServices(school.Id, DemoLearners.SchoolYear, ReportKind.Census, services, null);
        return new InfrastructurePlan(rooms, census, connection);

        static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The school's devices, one stream each, in one transaction: what it was registered as, then its state changes and its loan.</summary>
    private static async Task<int> DevicesAsync(IDocumentStore store, IClassLists classes, string jurisdiction, AssetsSchool school, int index,
        Random random, List<LearnerPlacement> learners, DateOnly today, CancellationToken ct)
    {
        SchoolInfrastructureView infrastructure;
        await using (var query = store.QuerySession(jurisdiction))
        {
            infrastructure = await query.LoadAsync<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct)
                ?? throw new InvalidOperationException($"the demo infrastructure of {school.Code} was not stored");
        }
        var plan = Plan(random, school, index, infrastructure, learners);
        var loaned = plan.Where(p => p.LoanTo is not null).Select(p => p.LoanTo!.Value).ToList();
        var whereabouts = (loaned.Count == 0 ? [] : await classes.WhereaboutsAsync(jurisdiction, loaned, ct)).ToDictionary(w => w.LearnerId);
        var due = new DateOnly(today.Year, 6, 30);
        if (due <= today.AddDays(14)) due = due.AddYears(1);

        await using var session = DemoSession.Open(store, jurisdiction);
        foreach (var p in plan)
        {
            var id = DeviceIdentity.For(jurisdiction, p.Command.SerialNumber);
            var registered = DeviceHandler.Decide(p.Command, id, school, null, infrastructure, today);
            var events = new List<object> { registered };
            var device = DeviceProjection.Create(AsEvent(registered, id, 1));
            var on = Day(random, new DateOnly(2025, 9, 15), today);
            foreach (var (state, reason) in p.Then)
            {
                var changed = DeviceHandler.Decide(new ChangeDeviceState(id, state, reason, on), device, today);
                events.Add(changed);
                device = DeviceProjection.Apply(AsEvent(changed, id, events.Count), device);
                on = Min(on.AddDays(random.Next(3, 30)), today);
            }
            if (p.LoanTo is { } learner && whereabouts.TryGetValue(learner, out var where))
            {
                var assigned = DeviceHandler.Decide(new AssignDevice(id, null, null, learner, due), device, infrastructure, where, [], today);
                events.Add(assigned);
            }
            session.Events.StartStream<DeviceView>(id, [.. events]);
        }
        await session.SaveChangesAsync(ct);
        return plan.Count;
    }

    /// <summary>
    /// What a school has: laptops in part of its classrooms (all of them in about one school in eight, thanks to a donor), two to
    /// four more on loan to learners in one school in six, desktops in its computer lab, projectors in some classrooms, a set of
    /// tablets in one school in five, an interactive board in a few, a router and a printer in the staff room.
    /// </summary>
    private static List<Planned> Plan(Random random, AssetsSchool school, int index, SchoolInfrastructureView infrastructure,
        List<LearnerPlacement> learners)
    {
        var open = infrastructure.Rooms.Where(r => !r.Closed).ToList();
        var classrooms = open.Where(r => r.Kind == RoomKind.Classroom).ToList();
        var lab = open.FirstOrDefault(r => r.Kind == RoomKind.ComputerLab);
        var office = open.First(r => r.Kind == RoomKind.Office);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<Planned>();

        Planned Device(DeviceType type, Room? room, int fromYear, int toYear, string? funder = null)
        {
            var (make, model, prefix) = Models[type][random.Next(Models[type].Length)];
            string serial;
            do
            {
                serial = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index:D2}{random.Next(0, 1_000_000):D6}");
            }
            while (!serials.Add(serial));
            var price = Prices.First(p => p.Type == type).Bam;
            var cost = decimal.Round(price * (0.9m + (decimal)random.NextDouble() * 0.2m), 2);
            var acquired = Min(new DateOnly(random.Next(fromYear, toYear + 1), random.Next(1, 13), random.Next(1, 29)), new DateOnly(2025, 6, 30));
            var command = new RegisterDevice(school.Id, serial, type, make, model, acquired, cost, Currency,
                funder ?? Funders[random.Next(Funders.Length)], room?.RoomId);
            return new Planned(command, [], null);
        }

        Planned Fate(Planned device, double broken, double repair, double writtenOff, string brokenWhy, string writtenOffWhy)
        {
            var roll = random.NextDouble();
            IReadOnlyList<(DeviceState, string)> then =
                roll < broken ? [(DeviceState.Broken, brokenWhy)]
                : roll < broken + repair ? [(DeviceState.Broken, brokenWhy), (DeviceState.InRepair, "Sent to the authorised service under warranty")]
                : roll < broken + repair + writtenOff ? [(DeviceState.Broken, brokenWhy), (DeviceState.WrittenOff, writtenOffWhy)]
                : [];
            return device with { Then = then };
        }

        // Laptops: a share of the classrooms, one each, from the distance-learning years; some broken, some stolen. A school a donor
        // equipped lately has one in every classroom, all working, and a spare.
        var donor = random.NextDouble() < 0.12;
        var share = donor ? 1.0 : 0.2 + random.NextDouble() * 0.4;
        var laptops = (int)Math.Round(classrooms.Count * share);
        foreach (var room in classrooms.OrderBy(_ => random.Next()).Take(laptops))
        {
            if (donor)
            {
                plan.Add(Device(DeviceType.Laptop, room, 2024, 2024, "EU4Schools"));
                continue;
            }
            var laptop = Fate(Device(DeviceType.Laptop, room, 2019, 2024), 0.06, 0.03, 0.03, "Screen cracked, does not start",
                "Motherboard failed; repair costs more than a new one: written off by the school's inventory commission");
            if (laptop.Then.Count == 0 && random.NextDouble() < 0.012)
            {
                laptop = laptop with { Then = [(DeviceState.Stolen, "Stolen from the classroom over the winter holidays; reported to the police")] };
            }
            plan.Add(laptop);
        }
        if (donor) plan.Add(Device(DeviceType.Laptop, null, 2024, 2024, "EU4Schools"));
        // Loans for distance learning, to learners of the school (of grades 5–9 where it has them).
        var older = learners.Where(l => l.Grade is >= 5 and <= 9).ToList();
        var candidates = older.Count > 0 ? older : learners;
        if (candidates.Count > 0 && random.NextDouble() < 0.17)
        {
            foreach (var learner in candidates.OrderBy(l => l.LearnerId).OrderBy(_ => random.Next()).Take(random.Next(2, 5)))
            {
                plan.Add(Device(DeviceType.Laptop, null, 2020, 2021, "UNICEF") with { LoanTo = learner.LearnerId });
            }
        }
        // Desktops in the computer lab, some of them old.
        if (lab is not null)
        {
            for (var d = random.Next(10, 17); d > 0; d--)
            {
                plan.Add(Fate(Device(DeviceType.Desktop, lab, 2014, 2022), 0.08, 0.02, 0.05, "Does not boot: hard disk failed",
                    "Obsolete: cannot run a supported operating system; written off by the school's inventory commission"));
            }
            plan.Add(Device(DeviceType.Projector, lab, 2016, 2023));
        }
        var projectors = (int)Math.Round(classrooms.Count * (0.3 + random.NextDouble() * 0.4));
        foreach (var room in classrooms.OrderBy(_ => random.Next()).Take(projectors))
        {
            plan.Add(Fate(Device(DeviceType.Projector, room, 2016, 2023), 0.05, 0.03, 0.02, "Lamp burnt out",
                "Lamp and colour wheel failed; no longer made: written off by the school's inventory commission"));
        }
        if (random.NextDouble() < 0.2)
        {
            for (var t = random.Next(10, 17); t > 0; t--) plan.Add(Device(DeviceType.Tablet, null, 2021, 2021, "UNICEF"));
        }
        if (classrooms.Count > 0 && random.NextDouble() < 0.1)
        {
            plan.Add(Device(DeviceType.InteractiveBoard, classrooms[random.Next(classrooms.Count)], 2022, 2024, "EU4Schools"));
        }
        if (infrastructure.Connection is { Type: not ConnectionType.None }) plan.Add(Device(DeviceType.Router, office, 2020, 2024));
        plan.Add(Device(DeviceType.Printer, office, 2018, 2023));
        return plan;
    }

    /// <summary>An outage reported, and ended when <paramref name="ended"/> is given, by Assets' handlers (a transaction each).</summary>
    private static async Task OutageAsync(IDocumentStore store, string jurisdiction, Guid schoolId, DateOnly started, DateOnly? ended,
        CancellationToken ct)
    {
        Guid outage;
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            outage = await InfrastructureHandler.Handle(new ReportOutage(schoolId, started, ended is null
                ? "The provider's line is down since the storm: no Internet at school, and no distance learning from it"
                : "The mobile operator's mast was damaged by lightning"), session, TimeProvider.System, ct);
            await session.SaveChangesAsync(ct);
        }
        if (ended is not { } day) return;
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            await InfrastructureHandler.Handle(new EndOutage(schoolId, outage, day), session, TimeProvider.System, ct);
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>The norms, the bandwidth norm and the price list, each by Assets' own handler (one command, one transaction).</summary>
    private static async Task NormsAsync(IDocumentStore store, string jurisdiction, CancellationToken ct)
    {
        var commands = new List<Func<IDocumentSession, Task>>();
        foreach (var norm in Norms) commands.Add(s => AssetNormsHandler.Handle(norm, s, ct));
        commands.Add(s => AssetNormsHandler.Handle(new SetBandwidthNorm(MbpsPerLearner), s, ct));
        foreach (var (type, bam) in Prices)
        {
            commands.Add(s => AssetNormsHandler.Handle(new SetDevicePrice(type, Currency, bam), s, ct));
            commands.Add(s => AssetNormsHandler.Handle(new SetDevicePrice(type, "EUR", decimal.Round(bam / MarksPerEuro, 2)), s, ct));
        }
        foreach (var command in commands)
        {
            await using var session = DemoSession.Open(store, jurisdiction);
            await command(session);
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// The one saved proposal: every classroom's laptop, priced in BAM, computed as of the settled head once everything above is
    /// recorded, and saved by the module's decision (as savePurchaseProposal saves it).
    /// </summary>
    private static async Task ProposeAsync(IServiceProvider services, string jurisdiction, ILogger logger, CancellationToken ct)
    {
        var last = await services.GetRequiredService<EventLog>().LastSequenceAsync(jurisdiction, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var head = await services.GetRequiredService<EventLogPulse>().WaitBeyondAsync(last - 1, timeout.Token);
        var command = new SavePurchaseProposal(ProposalName, DemoLearners.SchoolYear, Currency, [LaptopNorm], null, null, head);
        var ministry = new Caller("demo-loader", Roles.MinistryAdmin, jurisdiction, null, null);
        var answer = await services.GetRequiredService<ProposalCalculator>().ComputeAsync(ministry,
            new ProposalQuestion(command.SchoolYear, command.Currency, command.Norms, null, null), head, ct);
        var id = Guid.CreateVersion7();
        var saved = PurchaseProposalHandler.Decide(command, id, answer);
        await using var session = DemoSession.Open(services.GetRequiredService<IDocumentStore>(), jurisdiction);
        session.Events.StartStream<PurchaseProposalView>(id, saved);
        await session.SaveChangesAsync(ct);
        var laptops = saved.Totals.Single(t => t.DeviceType == DeviceType.Laptop);
        LogProposal(logger, ProposalName, laptops.Required, laptops.Working, laptops.Shortfall, saved.Total, saved.Currency);
    }

    private static DateOnly Day(Random random, DateOnly from, DateOnly to)
    {
        var last = Min(to, new DateOnly(2026, 6, 15));
        if (last <= from) return last;
        return from.AddDays(random.Next(0, last.DayNumber - from.DayNumber + 1));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static Event<T> AsEvent<T>(T data, Guid stream, long version) where T : notnull =>
        new(data) { StreamId = stream, Version = version, Timestamp = DateTimeOffset.UtcNow };

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo assets loaded: infrastructure of {Schools} schools, {Devices} devices")]
    private static partial void LogLoaded(ILogger logger, int schools, int devices);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo purchase proposal '{Name}': {Required} laptops required, {Working} working, {Shortfall} short, {Total} {Currency}")]
    private static partial void LogProposal(ILogger logger, string name, int required, int working, int shortfall, decimal total, string currency);
}
