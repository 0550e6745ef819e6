using Emis.Assets.Devices;
using Emis.Assets.Proposals;
using Emis.Budget;
using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using Emis.Budget.Schools;
using Emis.Platform.Events;
using Marten;

namespace Emis.Host;

/// <summary>
/// The demo canton's fiscal year 2026 in convertible marks: the chart, an approved budget for every school, each municipality and the
/// ministry, a rebalancing, monthly payroll, heating contracts paid month by month, small purchases, one overspending the ministry
/// overrode, and the laptop request: the saved proposal sent to Budget, approved from the EU4Schools grant on the ICT line, a contract
/// paid in part, and the first laptops registered in Assets with that funding source. Every entry comes from Budget's own handlers,
/// through the same decisions a ministry's mutations take, so that <c>./emis up</c> shows budget against actual and expenditure per
/// learner.
/// </summary>
internal static partial class DemoBudget
{
    public const int Year = 2026;
    private const string Currency = "BAM";

    private static readonly DefineBudgetLine[] Lines =
    [
        new("611", "Salaries and benefits", EconomicCategory.Salaries, "Primary and secondary education"),
        new("613", "Goods and services: heating, utilities, materials", EconomicCategory.GoodsAndServices, "Primary and secondary education"),
        new("614", "Current maintenance", EconomicCategory.Maintenance, "School buildings"),
        new("821-ICT", "Computer equipment", EconomicCategory.CapitalIct, "Digital schools"),
        new("821", "Buildings and other equipment", EconomicCategory.Capital, "School buildings"),
    ];

    private static readonly DefineFundingSource[] FundingSources =
    [
        new("MIN", "Cantonal Ministry of Education", FundingKind.Ministry),
        new("MUN", "Municipal budget", FundingKind.Municipality),
        new("EU4S", "EU4Schools grant", FundingKind.Donor),
        new("OWN", "Schools' own revenue", FundingKind.OwnRevenue),
    ];

    public static async Task LoadAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var ledger = services.GetRequiredService<LedgerEntries>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        List<BudgetSchool> schools;
        Dictionary<Guid, int> learners;
        await using (var query = store.QuerySession(jurisdiction))
        {
            if (await query.LoadAsync<FiscalYearView>(FiscalYearView.IdFor(jurisdiction, Year), ct) is not null) return;
            schools = [.. (await query.Query<BudgetSchool>().ToListAsync(ct)).Where(s => s.Status != "closed").OrderBy(s => s.Code,
                StringComparer.Ordinal)];
            learners = (await query.Query<Enrollment.Learners.GettingLearners.LearnerProfile>()
                    .Where(l => l.SchoolId != null && l.SchoolYear == DemoLearners.SchoolYear).Select(l => l.SchoolId!.Value).ToListAsync(ct))
                .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        }
        if (schools.Count == 0) return;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = today.Year > Year ? new DateOnly(Year, 12, 31) : today;
        // The last month whose payroll is paid: the previous one (salaries are paid in arrears), at most December.
        var months = today.Year > Year ? 12 : today.Month - 1;

        await RunAsync(store, jurisdiction, s => FiscalYearHandler.Handle(new OpenFiscalYear(Year, Currency, null, null), s, ct));
        foreach (var line in Lines) await RunAsync(store, jurisdiction, s => BudgetChartHandler.Handle(line, s, ct));
        foreach (var source in FundingSources) await RunAsync(store, jurisdiction, s => BudgetChartHandler.Handle(source, s, ct));

        // The approved budget: per school by its size, per municipality for transport and maintenance, nothing central for ICT yet.
        var plan = new List<PlanLine>();
        var random = new Random(2026);
        var sizes = schools.ToDictionary(s => s.Id, s => Math.Max(20, learners.GetValueOrDefault(s.Id)));
        foreach (var school in schools)
        {
            var n = sizes[school.Id];
            var holder = new HolderInput(school.Id, null, null);
            plan.Add(new PlanLine(holder, "611", "MIN", Payroll(n) * 12));
            plan.Add(new PlanLine(holder, "613", "MIN", Round(9_000m + n * 185m)));
            plan.Add(new PlanLine(holder, "614", "MUN", Round(3_000m + random.Next(0, 9_000))));
            if (random.Next(4) == 0) plan.Add(new PlanLine(holder, "613", "OWN", Round(1_500m + random.Next(0, 3_000))));
        }
        foreach (var municipality in schools.Select(s => s.Municipality).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            plan.Add(new PlanLine(new HolderInput(null, municipality, null), "613", "MUN", Round(25_000m + random.Next(0, 60_000))));
        }
        plan.Add(new PlanLine(HolderInput.CentralInput, "613", "MIN", 180_000m));
        plan.Add(new PlanLine(HolderInput.CentralInput, "821", "MIN", 400_000m));
        await RunAsync(store, jurisdiction, s => BudgetCommandHandler.Handle(new ApproveBudget(Year, "Budget of the Una-Sana Canton for 2026",
            Currency, plan, new DateOnly(Year, 1, 5), null), s, TimeProvider.System, ct));

        // A rebalancing in spring: a cold winter took heating money from the ministry's reserve.
        var cold = schools.Take(4).ToList();
        var moved = cold.Select(s => new AmendmentLine(new HolderInput(s.Id, null, null), "613", "MIN", 3_500m)).ToList();
        moved.Add(new AmendmentLine(HolderInput.CentralInput, "613", "MIN", -3_500m * cold.Count));
        await RunAsync(store, jurisdiction, s => BudgetCommandHandler.Handle(new AmendBudget(Year, AmendmentKind.Rebalance,
            "Decision of the Government 02-14/26", "A cold winter: heating of four schools from the ministry's reserve", Currency, moved,
            new DateOnly(Year, 3, 16), null, null), s, ledger, TimeProvider.System, ct));

        // Heating contracts: one per school, 45% of its goods budget, paid monthly from October to April.
        var contracts = new Dictionary<Guid, Guid>();
        await RunAsync(store, jurisdiction, async s =>
        {
            foreach (var school in schools)
            {
                var (recorded, _) = await BudgetCommandHandler.Handle(new RecordCommitment(Year, new HolderInput(school.Id, null, null), "613", "MIN",
                    $"UG-{school.Code}-2026-01", Round((9_000m + sizes[school.Id] * 185m) * 0.45m), Currency, PayeeCategory.Utility,
                    school.Code.GetHashCode(StringComparison.Ordinal) % 2 == 0 ? "Toplana Bihać d.o.o." : "Elektroprivreda BiH d.d.",
                    "Heating season 2026", new DateOnly(Year, 1, 12), null, null, null), s, ledger, TimeProvider.System, ct);
                contracts[school.Id] = recorded.EntryIds[0];
            }
        });
        for (var month = 1; month <= months; month++)
        {
            var m = month;
            var payday = new DateOnly(Year, m, 10);
            if (payday > last) break;
            await RunAsync(store, jurisdiction, async s =>
            {
                foreach (var school in schools)
                {
                    await BudgetCommandHandler.Handle(new RecordPayment(Year, null, new HolderInput(school.Id, null, null), "611", "MIN",
                        $"PL-{school.Code}-2026-{m:00}", Payroll(sizes[school.Id]), Currency, PayeeCategory.Payroll, null, $"Payroll {m:00}/2026",
                        payday, null, null), s, ledger, TimeProvider.System, ct);
                }
            });
            if (m is > 4 and < 10) continue;
            await RunAsync(store, jurisdiction, async s =>
            {
                foreach (var school in schools)
                {
                    var contract = Round((9_000m + sizes[school.Id] * 185m) * 0.45m);
                    // Seven instalments (January to April, October to December): the seventh pays what is left, to the cent.
                    var instalment = m <= 4 ? m : m - 5;
                    var amount = instalment < 7 ? Round(contract / 7) : contract - 6 * Round(contract / 7);
                    await BudgetCommandHandler.Handle(new RecordPayment(Year, contracts[school.Id], null, null, null,
                        $"PN-{school.Code}-2026-{m:00}", amount, Currency, PayeeCategory.Utility, null, $"Heating {m:00}/2026",
                        payday.AddDays(5), null, null), s, ledger, TimeProvider.System, ct);
                }
            });
        }

        // Small purchases by the schools, and one repair that went beyond what its line had: the ministry overrode it, with its reason.
        await RunAsync(store, jurisdiction, async s =>
        {
            foreach (var (school, i) in schools.Select((x, i) => (x, i)).Where(x => x.i % 3 == 0))
            {
                await BudgetCommandHandler.Handle(new RecordPayment(Year, null, new HolderInput(school.Id, null, null), "614", "MUN",
                    $"R-{school.Code}-2026-01", Round(800m + i * 37m), Currency, PayeeCategory.Contractor, "Gradnja Krajina d.o.o.",
                    "Roof and gutter repair", new DateOnly(Year, 5, 20), null, null), s, ledger, TimeProvider.System, ct);
            }
        });
        var flooded = schools[^1];
        await RunAsync(store, jurisdiction, s => BudgetCommandHandler.Handle(new RecordCommitment(Year, new HolderInput(flooded.Id, null, null),
            "614",
            "MUN", $"UG-{flooded.Code}-2026-07", 25_000m, Currency, PayeeCategory.Contractor, "Gradnja Krajina d.o.o.",
            "Flood damage: floors and electrical installation", new DateOnly(Year, 6, 3),
            null, "The June floods: the school cannot open in September without the repair; rebalancing follows", null), s, ledger,
            TimeProvider.System, ct));

        await LaptopsAsync(services, store, ledger, jurisdiction, logger, ct);
        LogLoaded(logger, Year, schools.Count, plan.Count);
    }

    /// <summary>
    /// The demo's purchase proposal, sent to Budget and approved from the EU4Schools grant on the central ICT line; a contract for it, paid
    /// in part; and the first funded laptops registered at their schools with that funding source.
    /// </summary>
    private static async Task LaptopsAsync(IServiceProvider services, IDocumentStore store, LedgerEntries ledger, string jurisdiction, ILogger logger,
        CancellationToken ct)
    {
        PurchaseProposalView? proposal;
        await using (var query = store.QuerySession(jurisdiction))
        {
            proposal = await query.Query<PurchaseProposalView>().FirstOrDefaultAsync(p => p.Name == DemoAssets.ProposalName, ct);
        }
        if (proposal is null) return;
        Assets.Contracts.PurchaseProposalSubmittedV1? submitted = null;
        if (proposal.SentToBudgetAt is null)
        {
            await RunAsync(store, jurisdiction, async s =>
                submitted = await PurchaseProposalHandler.Handle(new SendProposalToBudget(proposal.Id), s, TimeProvider.System, ct));
        }
        var request = submitted?.Request ?? await services.GetRequiredService<Assets.Contracts.IPurchaseProposals>()
            .SubmittedAsync(jurisdiction, proposal.Id, ct);
        if (request is null) return;
        await RunAsync(store, jurisdiction, s => PurchaseProposalSubmittedHandler.ReceiveAsync(s, request, ct));
        var requestId = BudgetRequestView.IdFor(jurisdiction, proposal.Id);
        Budget.Contracts.BudgetRequestDecidedV1? decided = null;
        await RunAsync(store, jurisdiction, async s =>
        {
            var (_, _, message) = await BudgetRequestHandler.Handle(new ApproveBudgetRequest(requestId, Year, "821-ICT", "EU4S",
                "Decision 05-11/26 on the laptop programme", null, "Every classroom gets its laptop", new DateOnly(Year, 5, 11)), s,
                TimeProvider.System, ct);
            decided = message;
        });
        // Assets hears of it as it would through the outbox.
        await Assets.Proposals.BudgetRequestDecidedHandler.Handle(decided!, store, ct);
        var total = decided!.ApprovedAmount;
        Guid contract = default;
        await RunAsync(store, jurisdiction, async s =>
        {
            var (recorded, _) = await BudgetCommandHandler.Handle(new RecordCommitment(Year, HolderInput.CentralInput, "821-ICT", "EU4S",
                "UG-MO-2026-044", total, Currency, PayeeCategory.Supplier, "Tehnoplus d.o.o.", "Laptops for every classroom: framework contract",
                new DateOnly(Year, 6, 15), requestId, null, null), s, ledger, TimeProvider.System, ct);
            contract = recorded.EntryIds[0];
        });
        var delivered = decided.Items.Take(Math.Max(1, decided.Items.Count / 3)).ToList();
        var firstInstalment = delivered.Sum(i => i.Amount);
        await RunAsync(store, jurisdiction, s => BudgetCommandHandler.Handle(new RecordPayment(Year, contract, null, null, null, "PN-MO-2026-311",
            firstInstalment, Currency, PayeeCategory.Supplier, "Tehnoplus d.o.o.", "First delivery", new DateOnly(Year, 9, 1), null, null), s, ledger,
            TimeProvider.System, ct));
        var registered = 0;
        foreach (var item in delivered)
        {
            for (var k = 0; k < item.Quantity; k++)
            {
                await using var session = Session(store, jurisdiction);
                await DeviceHandler.Handle(new RegisterDevice(item.SchoolId, $"EU4S-{item.SchoolCode}-{k + 1:000}", DeviceType.Laptop, "Lenovo",
                    "ThinkPad E14 Gen 5", new DateOnly(Year, 9, 1), item.UnitPrice, Currency, decided.FundingSource, null), session,
                        TimeProvider.System,
                    ct);
                await session.SaveChangesAsync(ct);
                registered++;
            }
        }
        LogLaptops(logger, request.Items.Sum(i => i.Quantity), total, registered);
    }

    /// <summary>A month's payroll of a school: a teacher per 12 learners and three staff, at the canton's average gross pay.</summary>
    private static decimal Payroll(int learners) => (Math.Max(4, learners / 12) + 3) * 1_860m;

    private static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>One transaction: the handler's decisions appended and saved together.</summary>
    private static async Task RunAsync(IDocumentStore store, string jurisdiction, Func<IDocumentSession, Task> handle)
    {
        await using var session = Session(store, jurisdiction);
        await handle(session);
        await session.SaveChangesAsync();
    }

    private static IDocumentSession Session(IDocumentStore store, string jurisdiction)
    {
        var session = store.LightweightSession(jurisdiction);
        session.CorrelationId = "demo-" + Guid.NewGuid().ToString("N");
        session.SetHeader(EventHeaders.Jurisdiction, jurisdiction);
        session.SetHeader(EventHeaders.Actor, "demo-loader");
        session.SetHeader(EventHeaders.Source, Platform.Commands.Sources.Seed);
        return session;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo budget {Year} loaded: {Schools} schools, {Lines} approved lines")]
    private static partial void LogLoaded(ILogger logger, int year, int schools, int lines);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo laptop request: {Requested} laptops requested, {Amount} BAM allocated, {Registered} delivered and registered")]
    private static partial void LogLaptops(ILogger logger, int requested, decimal amount, int registered);
}
