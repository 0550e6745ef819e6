using Emis.Budget.Chart;
using Emis.Budget.Contracts;
using Emis.Budget.FiscalYears;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Budget.Accounts;

/// <summary>One line of an approved budget: a holder's money on a budget line from a funding source.</summary>
public sealed record PlanLine(HolderInput Holder, string Line, string Source, decimal Amount);

/// <summary>Approve the budget of a fiscal year (ministry only): the act, and a line per holder, budget line and funding source.</summary>
/// <param name="Correction">Why, when the year is closed (a correction).</param>
public sealed record ApproveBudget(int FiscalYear, string Act, string Currency, IReadOnlyList<PlanLine> Lines, DateOnly? On, string? Correction)
{
    public sealed class Validator : AbstractValidator<ApproveBudget>
    {
        public Validator()
        {
            RuleFor(x => x.FiscalYear).Year();
            RuleFor(x => x.Act).Text("act", "Budget of the Canton for 2026, Official Gazette 3/26", 300);
            RuleFor(x => x.Lines).NotEmpty().WithMessage("An approved budget has at least one line.")
                .Must(l => l is null || l.Count <= 20_000).WithErrorCode(ErrorCodes.Invalid).WithMessage("At most 20,000 lines at once.");
            RuleForEach(x => x.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Line).Code("budget line");
                line.RuleFor(l => l.Source).Code("funding source");
            });
        }
    }
}

/// <summary>One change of an amendment: the signed amount added to (or taken from) a holder's line and source.</summary>
public sealed record AmendmentLine(HolderInput Holder, string Line, string Source, decimal Amount);

/// <summary>
/// Amend the budget (ministry only): a rebalancing between lines (its changes sum to zero), a supplementary budget (all more) or a cut (all
/// less), with the act that authorised it and the reason. A cut below what a line has available needs an override.
/// </summary>
public sealed record AmendBudget(int FiscalYear, AmendmentKind Kind, string Act, string Reason, string Currency, IReadOnlyList<AmendmentLine> Changes,
    DateOnly? On, string? OverrideReason, string? Correction)
{
    public sealed class Validator : AbstractValidator<AmendBudget>
    {
        public Validator()
        {
            RuleFor(x => x.FiscalYear).Year();
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid)
                .NotEqual(AmendmentKind.Allocation).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("An allocation is made by approving a budget request (approveBudgetRequest).");
            RuleFor(x => x.Act).Text("act", "Decision of the Government 02-14/26 on the rebalancing of the budget", 300);
            RuleFor(x => x.Reason).Reason("heating costs rose; the capital programme was delayed");
            RuleFor(x => x.Changes).NotEmpty().WithMessage("An amendment changes at least one line.")
                .Must(l => l is null || l.Count <= 20_000).WithErrorCode(ErrorCodes.Invalid).WithMessage("At most 20,000 changes at once.");
            RuleForEach(x => x.Changes).ChildRules(line =>
            {
                line.RuleFor(l => l.Line).Code("budget line");
                line.RuleFor(l => l.Source).Code("funding source");
            });
        }
    }
}

/// <summary>
/// Record a commitment (a purchase order or contract) against a holder's line and source: its document's number, amount, payee category
/// (and the organisation, never a person), date. Beyond what the line has available it needs an override (ministry admin, with a reason).
/// </summary>
public sealed record RecordCommitment(int FiscalYear, HolderInput Holder, string Line, string Source, string Reference, decimal Amount,
    string Currency, PayeeCategory PayeeCategory, string? Payee, string? Description, DateOnly? On, Guid? RequestId, string? OverrideReason,
    string? Correction)
{
    public sealed class Validator : AbstractValidator<RecordCommitment>
    {
        public Validator()
        {
            RuleFor(x => x.FiscalYear).Year();
            RuleFor(x => x.Line).Code("budget line");
            RuleFor(x => x.Source).Code("funding source");
            RuleFor(x => x.Reference).Text("document reference", "PO-2026-0117", 60);
            RuleFor(x => x.PayeeCategory).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Payee).MaximumLength(200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A payee is at most 200 characters.");
            RuleFor(x => x.Description).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A description is at most 500 characters.");
        }
    }
}

/// <summary>
/// Record a payment: against a commitment (its account is the commitment's; at most what is outstanding on it) or directly against a
/// holder's line and source (beyond what is available only with an override).
/// </summary>
public sealed record RecordPayment(int FiscalYear, Guid? CommitmentId, HolderInput? Holder, string? Line, string? Source, string Reference,
    decimal Amount, string Currency, PayeeCategory PayeeCategory, string? Payee, string? Description, DateOnly? On, string? OverrideReason,
    string? Correction)
{
    public sealed class Validator : AbstractValidator<RecordPayment>
    {
        public Validator()
        {
            RuleFor(x => x.FiscalYear).Year();
            RuleFor(x => x).Must(x => x.CommitmentId is not null || (x.Holder is not null && x.Line is not null && x.Source is not null))
                .WithName("commitmentId").WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Give the commitment the payment settles, or the holder, line and source of a direct payment.");
            RuleFor(x => x.Line!).Code("budget line").When(x => x.Line is not null);
            RuleFor(x => x.Source!).Code("funding source").When(x => x.Source is not null);
            RuleFor(x => x.Reference).Text("document reference", "PN-2026-00411", 60);
            RuleFor(x => x.PayeeCategory).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Payee).MaximumLength(200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A payee is at most 200 characters.");
            RuleFor(x => x.Description).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A description is at most 500 characters.");
        }
    }
}

/// <summary>
/// Reverse an entry (a commitment, a payment, or a reversal), wholly or an amount of it, with the reason: a new entry, never an edit. With
/// the reversal's own document reference (a storno's number), sending it again is DUPLICATE rather than a second reversal.
/// </summary>
public sealed record ReverseEntry(Guid EntryId, decimal? Amount, string Reason, DateOnly? On, string? OverrideReason, string? Correction,
    string? Reference = null)
{
    public sealed class Validator : AbstractValidator<ReverseEntry>
    {
        public Validator()
        {
            RuleFor(x => x.EntryId).NotEmpty().WithMessage("The entry's id is required.");
            RuleFor(x => x.Reason).Reason("the supplier cancelled the order; paid twice by mistake");
            RuleFor(x => x.Reference).MaximumLength(60).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A document reference is at most 60 characters.");
        }
    }
}

/// <summary>What a command recorded: the entries (one per account it changed).</summary>
public sealed record Recorded(IReadOnlyList<Guid> EntryIds, IReadOnlyList<Guid> AccountIds);

public static class BudgetCommandHandler
{
    public static async Task<(Recorded, BudgetChangedV1)> Handle(ApproveBudget command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var (year, chart, on) = await ContextAsync(session, command.FiscalYear, command.On, command.Correction, clock, ct);
        // The schools once for the command, not a query per line (an approved budget names thousands).
        var schools = await SchoolsAsync(session, ct);
        var targets = new List<(AccountRef Target, decimal Amount, string Field)>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            var field = $"lines[{i}]";
            Money.Check(line.Amount, command.Currency, year.Currency, field + ".amount");
            targets.Add((await TargetAsync(session, year, chart, line.Holder, line.Line, line.Source, field, ct, schools), line.Amount, field));
        }
        var accounts = new Writes(session);
        // Accounts in the order of their ids: two commands on the same accounts lock their streams in one order (no deadlock).
        foreach (var (target, amount, field) in targets.OrderBy(t => t.Target.Id))
        {
            var account = await accounts.FetchAsync(target.Id, field, ct);
            accounts.Append(target.Id, BudgetDecisions.Plan(account, target, amount, command.Act.Trim(), on, Correction(command.Correction)));
        }
        var entries = targets.Select(t => BudgetDecisions.EntryId(t.Target.Id, "plan", "plan")).ToList();
        return (new Recorded(entries, [.. targets.Select(t => t.Target.Id)]), Changed(session, year, "plan_changed"));
    }

    public static async Task<(Recorded, BudgetChangedV1)> Handle(AmendBudget command, IDocumentSession session, LedgerEntries ledger,
        TimeProvider clock, CancellationToken ct)
    {
        var (year, chart, on) = await ContextAsync(session, command.FiscalYear, command.On, command.Correction, clock, ct);
        for (var i = 0; i < command.Changes.Count; i++) Money.Check(command.Changes[i].Amount, command.Currency, year.Currency,
            $"changes[{i}].amount", true);
        CheckShape(command.Kind, [.. command.Changes.Select(c => c.Amount)], year.Currency);
        // One amendment per act and kind in a year: the same act sent again (a client's retry) is DUPLICATE, not twice the money.
        var amendment = BudgetDecisions.AmendmentId(session.TenantId, year.Year, command.Kind, command.Act);
        // The schools once for the command, not a query per line (an approved budget names thousands).
        var schools = await SchoolsAsync(session, ct);
        var targets = new List<(AccountRef Target, decimal Amount, string Field)>();
        for (var i = 0; i < command.Changes.Count; i++)
        {
            var change = command.Changes[i];
            var field = $"changes[{i}]";
            targets.Add((await TargetAsync(session, year, chart, change.Holder, change.Line, change.Source, field, ct, schools), change.Amount,
                field));
        }
        var accounts = new Writes(session);
        // Each account takes one change, decided against its own standing: in the order of the accounts' ids (no deadlock).
        foreach (var (target, amount, field) in targets.OrderBy(t => t.Target.Id))
        {
            var account = await accounts.FetchAsync(target.Id, field, ct);
            var events = BudgetDecisions.Amend(account, target, amendment, command.Kind, amount, command.Act.Trim(), command.Reason.Trim(), on,
                null, command.OverrideReason, Correction(command.Correction));
            if (await ledger.ExistsAsync(session.TenantId, ((BudgetAmended)events[^1]).EntryId, ct))
            {
                throw new CommandRejectedException(ErrorCodes.Duplicate, "act",
                    $"The {command.Kind.ToString().ToLowerInvariant()} by act '{command.Act.Trim()}' is recorded already in {year.Year}.");
            }
            accounts.Append(target.Id, events);
        }
        var entries = targets.Select(t => BudgetDecisions.EntryId(t.Target.Id, "amendment", amendment.ToString("N"))).ToList();
        return (new Recorded(entries, [.. targets.Select(t => t.Target.Id)]), Changed(session, year, "plan_changed"));
    }

    public static async Task<(Recorded, BudgetChangedV1)> Handle(RecordCommitment command, IDocumentSession session, LedgerEntries ledger,
        TimeProvider clock, CancellationToken ct)
    {
        var (year, chart, on) = await ContextAsync(session, command.FiscalYear, command.On, command.Correction, clock, ct);
        Money.Check(command.Amount, command.Currency, year.Currency, "amount");
        var target = await TargetAsync(session, year, chart, command.Holder, command.Line, command.Source, "holder", ct);
        if (command.RequestId is { } requestId)
        {
            var request = await session.LoadAsync<Requests.BudgetRequestView>(requestId, ct)
                ?? throw new CommandRejectedException(ErrorCodes.NotFound, "requestId", $"There is no budget request {requestId}.");
            if (request.AccountId != target.Id)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "requestId", request.AccountId is null
                    ? $"The request '{request.Name}' is {request.Status}: nothing was allocated to buy for it."
                    : $"The request '{request.Name}' was funded on line {request.Line} from {request.Source} (central) in {request.FiscalYear}: " +
                      "commit against that account.");
            }
        }
        var accounts = new Writes(session);
        var account = await accounts.FetchAsync(target.Id, "holder", ct);
        var recorded = await ledger.ExistsAsync(session.TenantId, BudgetDecisions.EntryId(target.Id, "commitment", command.Reference), ct);
        var events = BudgetDecisions.Commit(account, target, recorded, command.Reference, command.Amount, command.PayeeCategory, command.Payee,
            command.Description, on, command.RequestId, command.OverrideReason, Correction(command.Correction));
        accounts.Append(target.Id, events);
        return (new Recorded([((CommitmentRecorded)events[^1]).EntryId], accounts.Ids), Changed(session, year, "execution_changed"));
    }

    public static async Task<(Recorded, BudgetChangedV1)> Handle(RecordPayment command, IDocumentSession session, LedgerEntries ledger,
        TimeProvider clock, CancellationToken ct)
    {
        var (year, chart, on) = await ContextAsync(session, command.FiscalYear, command.On, command.Correction, clock, ct);
        Money.Check(command.Amount, command.Currency, year.Currency, "amount");
        var accounts = new Writes(session);
        AccountRef target;
        BudgetAccountView? account;
        CommitmentState? commitment = null;
        if (command.CommitmentId is { } commitmentId)
        {
            var standing = await ledger.CommitmentAsync(session.TenantId, commitmentId, ct)
                ?? throw new CommandRejectedException(ErrorCodes.NotFound, "commitmentId", $"There is no commitment {commitmentId}.");
            account = await accounts.FetchAsync(standing.AccountId, "commitmentId", ct)
                ?? throw new CommandRejectedException(ErrorCodes.NotFound, "commitmentId", $"There is no commitment {commitmentId}.");
            if (account.FiscalYear != year.Year)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "fiscalYear",
                    $"Commitment {standing.Reference} is of fiscal year {account.FiscalYear}, not {year.Year}.");
            }
            target = new AccountRef(account.Id, account.FiscalYear, account.Holder, chart.RequireLine(account.Line),
                chart.RequireSource(account.Source),
                account.Currency);
            // Read after the account: a payment racing this one changes the account's version, and one of the two is refused.
            commitment = await ledger.CommitmentAsync(session.TenantId, commitmentId, ct);
        }
        else
        {
            target = await TargetAsync(session, year, chart, command.Holder, command.Line!, command.Source!, "holder", ct);
            account = await accounts.FetchAsync(target.Id, "holder", ct);
        }
        var recorded = await ledger.ExistsAsync(session.TenantId, BudgetDecisions.EntryId(target.Id, "payment", command.Reference), ct);
        var events = BudgetDecisions.Pay(account, target, recorded, commitment, command.Reference, command.Amount, command.PayeeCategory,
            command.Payee, command.Description, on, command.OverrideReason, Correction(command.Correction));
        accounts.Append(target.Id, events);
        return (new Recorded([((PaymentRecorded)events[^1]).EntryId], accounts.Ids), Changed(session, year, "execution_changed"));
    }

    public static async Task<(Recorded, BudgetChangedV1)> Handle(ReverseEntry command, IDocumentSession session, LedgerEntries ledger,
        TimeProvider clock, CancellationToken ct)
    {
        var found = await ledger.EntryAsync(session.TenantId, command.EntryId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "entryId", $"There is no budget entry {command.EntryId}.");
        var (year, _, on) = await ContextAsync(session, found.FiscalYear, command.On, command.Correction, clock, ct);
        var accounts = new Writes(session);
        var account = await accounts.FetchAsync(found.AccountId, "entryId", ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "entryId", $"There is no budget entry {command.EntryId}.");
        // Read again after the account: what was reversed of it, and its commitment, as of the version this reversal appends to.
        var target = (await ledger.EntryAsync(session.TenantId, command.EntryId, ct))!;
        var commitment = target.CommitmentId is { } c ? await ledger.CommitmentAsync(session.TenantId, c, ct) : null;
        if (command.Amount is { } amount) Money.Check(amount, account.Currency, account.Currency, "amount");
        var id = Guid.CreateVersion7();
        if (!string.IsNullOrWhiteSpace(command.Reference))
        {
            id = BudgetDecisions.EntryId(account.Id, "reversal", command.Reference);
            if (await ledger.ExistsAsync(session.TenantId, id, ct))
            {
                throw new CommandRejectedException(ErrorCodes.Duplicate, "reference", $"Reversal {command.Reference.Trim()} is recorded already.");
            }
        }
        var reversed = BudgetDecisions.Reverse(account, target, commitment, id, command.Amount, command.Reason.Trim(), on,
            command.OverrideReason, Correction(command.Correction));
        accounts.Append(account.Id, [reversed]);
        return (new Recorded([reversed.EntryId], accounts.Ids), Changed(session, year, "execution_changed"));
    }

    /// <summary>A rebalancing sums to zero; a supplementary budget only adds; a cut only takes.</summary>
    public static void CheckShape(AmendmentKind kind, IReadOnlyList<decimal> amounts, string currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        switch (kind)
        {
            case AmendmentKind.Rebalance when amounts.Count < 2 || amounts.Sum() != 0:
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "changes", amounts.Count < 2
                    ? "A rebalancing moves money between at least two lines."
                    : $"A rebalancing moves money: its changes sum to 0, not {Money.Format(amounts.Sum(), currency)} (a supplementary budget adds).");
            case AmendmentKind.Supplementary when amounts.Any(a => a < 0):
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "changes",
                    "A supplementary budget adds money: every change is more than 0.");
            case AmendmentKind.Reduction when amounts.Any(a => a > 0):
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "changes", "A cut takes money: every change is less than 0.");
        }
    }

    internal static async Task<(FiscalYearView Year, BudgetChartView Chart, DateOnly On)> ContextAsync(IDocumentSession session, int fiscalYear,
        DateOnly? on, string? correction, TimeProvider clock, CancellationToken ct)
    {
        var year = await session.LoadAsync<FiscalYearView>(FiscalYearView.IdFor(session.TenantId, fiscalYear), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var day = on ?? today;
        if (on is null && year is not null && !year.Covers(today))
        {
            throw new CommandRejectedException(ErrorCodes.Required, "on",
                $"Today is not in fiscal year {year.Year} ({year.StartsOn:yyyy-MM-dd} to {year.EndsOn:yyyy-MM-dd}): give the entry's date.");
        }
        if (day > today) throw new CommandRejectedException(ErrorCodes.Invalid, "on", $"{day:yyyy-MM-dd} is in the future.");
        FiscalYearHandler.Writable(year, fiscalYear, correction, null, day);
        var chart = await session.LoadAsync<BudgetChartView>(BudgetChartView.IdFor(session.TenantId), ct) ?? new BudgetChartView();
        return (year!, chart, day);
    }

    internal static async Task<AccountRef> TargetAsync(IDocumentSession session, FiscalYearView year, BudgetChartView chart, HolderInput? holder,
        string line, string source, string field, CancellationToken ct, IReadOnlyDictionary<Guid, Schools.BudgetSchool>? schools = null)
    {
        var place = await BudgetAccess.HolderAsync(session, holder, field == "holder" ? "holder" : field + ".holder", ct, schools);
        return AccountRef.For(session.TenantId, year.Year, place, chart.RequireLine(line, field == "holder" ? "line" : field + ".line"),
            chart.RequireSource(source, field == "holder" ? "source" : field + ".source"), year.Currency);
    }

    private static async Task<Dictionary<Guid, Schools.BudgetSchool>> SchoolsAsync(IDocumentSession session, CancellationToken ct) =>
        (await session.Query<Schools.BudgetSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);

    private static string? Correction(string? correction) => string.IsNullOrWhiteSpace(correction) ? null : correction.Trim();

    private static BudgetChangedV1 Changed(IDocumentSession session, FiscalYearView year, string change) => new(session.TenantId, year.Year, change);

    /// <summary>The accounts a command writes to, each fetched for writing once (optimistic: a concurrent write to one fails the command).</summary>
    private sealed class Writes(IDocumentSession session)
    {
        private readonly Dictionary<Guid, JasperFx.Events.IEventStream<BudgetAccountView>> _streams = [];

        public IReadOnlyList<Guid> Ids => [.. _streams.Keys];

        public async Task<BudgetAccountView?> FetchAsync(Guid id, string field, CancellationToken ct)
        {
            if (_streams.ContainsKey(id))
            {
                throw new CommandRejectedException(ErrorCodes.Duplicate, field, "The same holder, line and source are named twice: give each once.");
            }
            var stream = await session.Events.FetchForWriting<BudgetAccountView>(id, ct);
            _streams[id] = stream;
            return stream.Aggregate;
        }

        public void Append(Guid id, IEnumerable<object> events) => _streams[id].AppendMany(events);
    }
}

/// <summary>Who may send Budget's commands (<see cref="BudgetAccess"/>).</summary>
internal sealed class BudgetPolicy(IDocumentStore store, LedgerEntries ledger) : ICommandPolicy<ApproveBudget>, ICommandPolicy<AmendBudget>,
    ICommandPolicy<RecordCommitment>, ICommandPolicy<RecordPayment>, ICommandPolicy<ReverseEntry>, ICommandPolicy<OpenFiscalYear>,
    ICommandPolicy<CloseFiscalYear>, ICommandPolicy<DefineBudgetLine>, ICommandPolicy<DefineFundingSource>
{
    private const string What = "record this holder's budget";

    public Task<UserError?> AuthorizeAsync(Caller caller, ApproveBudget command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "approve a budget"));

    public Task<UserError?> AuthorizeAsync(Caller caller, AmendBudget command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "amend a budget"));

    public Task<UserError?> AuthorizeAsync(Caller caller, OpenFiscalYear command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "open a fiscal year"));

    public Task<UserError?> AuthorizeAsync(Caller caller, CloseFiscalYear command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "close a fiscal year"));

    public Task<UserError?> AuthorizeAsync(Caller caller, DefineBudgetLine command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "change the budget chart"));

    public Task<UserError?> AuthorizeAsync(Caller caller, DefineFundingSource command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "change the budget chart"));

    public async Task<UserError?> AuthorizeAsync(Caller caller, RecordCommitment command, CancellationToken ct) =>
        Special(caller, command.OverrideReason, command.Correction)
        ?? await HolderAsync(caller, command.Holder, command.FiscalYear, command.Line, command.Source, ct);

    public async Task<UserError?> AuthorizeAsync(Caller caller, RecordPayment command, CancellationToken ct)
    {
        if (Special(caller, command.OverrideReason, command.Correction) is { } refused) return refused;
        if (command.CommitmentId is not { } commitmentId)
        {
            return await HolderAsync(caller, command.Holder, command.FiscalYear, command.Line ?? "", command.Source ?? "", ct);
        }
        var commitment = await ledger.CommitmentAsync(caller.Jurisdiction, commitmentId, ct);
        return commitment is null ? null : await AccountAsync(caller, commitment.AccountId, "commitmentId",
            $"There is no commitment {commitmentId}.", ct);
    }

    public async Task<UserError?> AuthorizeAsync(Caller caller, ReverseEntry command, CancellationToken ct)
    {
        if (Special(caller, command.OverrideReason, command.Correction) is { } refused) return refused;
        var entry = await ledger.EntryAsync(caller.Jurisdiction, command.EntryId, ct);
        return entry is null ? null : await AccountAsync(caller, entry.AccountId, "entryId", $"There is no budget entry {command.EntryId}.", ct);
    }

    /// <summary>Overrides and corrections of a closed year are the ministry admin's.</summary>
    private static UserError? Special(Caller caller, string? overrideReason, string? correction) =>
        !string.IsNullOrWhiteSpace(overrideReason) ? BudgetAccess.MinistryOnly(caller, "override what a line has available")
        : !string.IsNullOrWhiteSpace(correction) ? BudgetAccess.MinistryOnly(caller, "correct a closed fiscal year")
        : null;

    /// <summary>
    /// The holder the command names, as its account has it when the account exists (where a school stood when the account opened:
    /// figures and entries are scoped by it too), otherwise as the Registry has it now.
    /// </summary>
    private async Task<UserError?> HolderAsync(Caller caller, HolderInput? input, int fiscalYear, string line, string source, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        BudgetHolder holder;
        try
        {
            holder = await BudgetAccess.HolderAsync(session, input, "holder", ct);
        }
        catch (CommandRejectedException)
        {
            // The handler names what is wrong with the holder; a caller who may record nothing at all is refused here.
            return caller.Role is Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin ? null : BudgetAccess.Forbidden(caller,
                "holder", What);
        }
        if (BudgetRules.Code(line) is { } lineCode && BudgetRules.Code(source) is { } sourceCode
            && await session.LoadAsync<BudgetAccountView>(BudgetAccountView.IdFor(caller.Jurisdiction, fiscalYear, holder, lineCode, sourceCode), ct)
                is { } account)
        {
            holder = account.Holder;
        }
        if (!BudgetAccess.Sees(caller, holder)) return new UserError(ErrorCodes.NotFound, "holder",
            $"There is no {holder.Kind.ToString().ToLowerInvariant()} " +
            "in your scope by that name.");
        return BudgetAccess.Manages(caller, holder) ? null : BudgetAccess.Forbidden(caller, "holder", What);
    }

    private async Task<UserError?> AccountAsync(Caller caller, Guid accountId, string field, string notFound, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var account = await session.LoadAsync<BudgetAccountView>(accountId, ct);
        if (account is null || !BudgetAccess.Sees(caller, account.Holder)) return new UserError(ErrorCodes.NotFound, field, notFound);
        return BudgetAccess.Manages(caller, account.Holder) ? null : BudgetAccess.Forbidden(caller, field, What);
    }
}
