using System.Globalization;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using JasperFx.Events;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>What becomes of a treasury line: imported, a duplicate of an entry recorded already, rejected, or outside the importer's scope.</summary>
public static class TreasuryStatus
{
    public const string Imported = RowStatus.Imported;
    public const string Duplicate = RowStatus.Duplicate;
    public const string Rejected = RowStatus.Rejected;
    public const string Forbidden = "forbidden";

    /// <summary>Prepared, and to be decided against the accounts (never stored).</summary>
    internal const string Pending = "pending";
}

/// <summary>What the import does with one line of the file.</summary>
public sealed class PlannedEntry
{
    public required TreasuryDraft Draft { get; init; }
    public string Status { get; set; } = TreasuryStatus.Rejected;
    public BudgetHolder? Holder { get; set; }

    /// <summary>The account the line is on (its holder, line and source in the fiscal year).</summary>
    public AccountRef? Target { get; set; }

    /// <summary>The entry the line is (BudgetDecisions.EntryId of its account, kind and reference).</summary>
    public Guid? EntryId { get; set; }

    /// <summary>For a payment that settles a commitment: the commitment's entry id on the same account.</summary>
    public Guid? CommitmentId { get; set; }

    /// <summary>What the line appends to its account (imported lines only), and the account's version once it is appended.</summary>
    public object? Event { get; set; }
    public long AccountVersion { get; set; }

    /// <summary>For a duplicate: the entry recorded already, and the earlier row of the file (or of an earlier batch) that recorded it.</summary>
    public int? DuplicateOfRow { get; set; }

    /// <summary>Decided by an earlier, interrupted run of this import: its batch is written, its report row stored.</summary>
    public bool Written { get; init; }

    public override string ToString() => $"PlannedEntry {{ Row = {Draft.Row}, Status = {Status} }}";
}

/// <summary>What the planner decides lines against, besides the state of the accounts.</summary>
/// <param name="MayRecord">Whether the importer may record execution on a holder's account (null: on every account — the CLI, the ministry).</param>
public sealed record TreasuryContext(string Tenant, FiscalYearView Year, BudgetChartView Chart, TreasuryHolders Holders, DateOnly Today,
    Func<BudgetHolder, bool>? MayRecord);

/// <summary>An entry recorded already (in Emis, or by an earlier row of the file): its kind and own amount.</summary>
public sealed record RecordedEntry(EntryKind Kind, decimal Amount, int? Row);

/// <summary>
/// The ledger as the file's lines find it: each account as it stands (<see cref="BudgetAccountView"/>), each commitment's standing, and the
/// entries recorded already, all by id; the planner copies it and runs it forward line by line.
/// </summary>
public sealed record TreasurySeed(IReadOnlyDictionary<Guid, BudgetAccountView> Accounts, IReadOnlyDictionary<Guid, CommitmentState> Commitments,
    IReadOnlyDictionary<Guid, RecordedEntry> Recorded)
{
    public static readonly TreasurySeed Empty = new(new Dictionary<Guid, BudgetAccountView>(), new Dictionary<Guid, CommitmentState>(),
        new Dictionary<Guid, RecordedEntry>());
}

/// <summary>A line written by an earlier run of the same import: its stored status and the entry it recorded.</summary>
public sealed record WrittenRow(string Status, Guid? EntryId);

/// <summary>
/// Decides every line of a treasury export, pure: <see cref="Prepare"/> cleans each line and finds its holder, budget line, funding source,
/// account and entry (no state needed, in parallel); the importer then reads the accounts, commitments and entries those name; and
/// <see cref="Decide"/> runs the lines in file order against that state with the module's own decisions (<see cref="BudgetDecisions.Commit"/>,
/// <see cref="BudgetDecisions.Pay"/>), each imported line changing the state the next ones see. A line outside the importer's scope is
/// FORBIDDEN before anything about its account is looked at (nothing of another holder's money is told). No override and no correction
/// come from a file: a line that would overspend is rejected.
/// </summary>
public static class TreasuryPlanner
{
    public static List<PlannedEntry> Prepare(Sheet sheet, SheetColumns<TreasuryField> columns, TreasuryContext context,
        IReadOnlyDictionary<int, WrittenRow>? written = null)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(context);
        var amountHeader = columns[TreasuryField.Amount] is { } amountColumn ? sheet.Header[amountColumn] : null;
        var planned = new PlannedEntry[sheet.Rows.Count];
        Parallel.For(0, sheet.Rows.Count, i =>
        {
            var row = sheet.Rows[i];
            if (written is not null && written.TryGetValue(row.Line, out var stored))
            {
                planned[i] = new PlannedEntry
                {
                    Draft = new TreasuryDraft { Row = row.Line },
                    Written = true,
                    Status = stored.Status,
                    EntryId = stored.EntryId,
                };
                return;
            }
            var entry = new PlannedEntry { Draft = TreasuryCleaning.Clean(row, columns, amountHeader) };
            Check(entry, context);
            planned[i] = entry;
        });
        return [.. planned];
    }

    /// <summary>The accounts, commitments and entries the prepared lines name: what the importer reads before deciding.</summary>
    public static (HashSet<Guid> Accounts, HashSet<Guid> Commitments, HashSet<Guid> Entries) Named(IEnumerable<PlannedEntry> planned)
    {
        var (accounts, commitments, entries) = (new HashSet<Guid>(), new HashSet<Guid>(), new HashSet<Guid>());
        foreach (var p in planned.Where(p => !p.Written && p.Target is not null))
        {
            accounts.Add(p.Target!.Id);
            if (p.EntryId is { } entry) entries.Add(entry);
            if (p.CommitmentId is { } commitment) commitments.Add(commitment);
        }
        return (accounts, commitments, entries);
    }

    /// <summary>Decides the prepared lines in file order against <paramref name="seed"/>, which it does not change.</summary>
    public static List<PlannedEntry> Decide(List<PlannedEntry> planned, TreasuryContext context, TreasurySeed seed)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(seed);
        var accounts = new Dictionary<Guid, BudgetAccountView>();
        var commitments = new Dictionary<Guid, CommitmentState>(seed.Commitments);
        var recorded = new Dictionary<Guid, RecordedEntry>(seed.Recorded);
        // Commitments this file wrote in an earlier run are in Emis already; a later row naming them names their row.
        var rowOf = planned.Where(p => p.Written && p.EntryId is not null && p.Status == TreasuryStatus.Imported)
            .ToDictionary(p => p.EntryId!.Value, p => p.Draft.Row);
        var rejectedCommitments = new Dictionary<Guid, int>();
        foreach (var entry in planned)
        {
            if (entry.Written) continue;
            if (entry.Status != TreasuryStatus.Pending) continue;
            var draft = entry.Draft;
            var target = entry.Target!;
            var id = entry.EntryId!.Value;
            if (recorded.TryGetValue(id, out var earlier))
            {
                var row = earlier.Row ?? (rowOf.TryGetValue(id, out var r) ? r : null);
                if (earlier.Amount == draft.Amount)
                {
                    entry.Status = TreasuryStatus.Duplicate;
                    entry.DuplicateOfRow = row;
                    continue;
                }
                Reject(entry, "reference", "REFERENCE_CONFLICT", $"{Capital(Kind(draft.Kind!.Value))} {draft.Reference} on {target.Describe()} is " +
                    $"recorded already with {Money.Format(earlier.Amount, context.Year.Currency)}" +
                    (row is { } n ? $" (row {n.ToString(CultureInfo.InvariantCulture)})" : $" (entry {id})") +
                    $"; this line says {Money.Format(draft.Amount!.Value, context.Year.Currency)}. A document is recorded once: correct the entry " +
                    "with reverseEntry, or give this document its own reference.");
                if (draft.Kind == EntryKind.Commitment) rejectedCommitments.TryAdd(id, draft.Row);
                continue;
            }
            var account = Account(accounts, seed, target.Id);
            CommitmentState? commitment = null;
            if (entry.CommitmentId is { } commitmentId && !commitments.TryGetValue(commitmentId, out commitment))
            {
                Reject(entry, "commitmentReference", "COMMITMENT_NOT_FOUND", $"There is no commitment {draft.CommitmentReference} on " +
                    $"{target.Describe()}, in Emis or earlier in this file" + (rejectedCommitments.TryGetValue(commitmentId, out var at)
                        ? $" (row {at.ToString(CultureInfo.InvariantCulture)} has it, and was rejected)."
                        : "."));
                continue;
            }
            IReadOnlyList<object> events;
            try
            {
                events = draft.Kind == EntryKind.Commitment
                    ? BudgetDecisions.Commit(account, target, false, draft.Reference!, draft.Amount!.Value, draft.PayeeCategory, draft.Payee,
                        draft.Description, draft.On!.Value, null, null, null)
                    : BudgetDecisions.Pay(account, target, false, commitment, draft.Reference!, draft.Amount!.Value, draft.PayeeCategory,
                        draft.Payee, draft.Description, draft.On!.Value, null, null);
            }
            catch (CommandRejectedException rejected)
            {
                foreach (var e in rejected.Errors)
                {
                    draft.Errors.Add(new RowProblem(e.Field ?? "row", Code(e, draft.Kind!.Value, commitment is not null), e.Message));
                }
                entry.Status = TreasuryStatus.Rejected;
                if (draft.Kind == EntryKind.Commitment) rejectedCommitments.TryAdd(id, draft.Row);
                continue;
            }
            // Every line is on an account with a budget (an account with none has nothing available): nothing is opened by a file.
            if (events.Count != 1 || account is null)
            {
                throw new InvalidOperationException($"Row {draft.Row}: a treasury line appends one entry to an existing account.");
            }
            entry.Status = TreasuryStatus.Imported;
            entry.Event = events[0];
            entry.AccountVersion = account.Version + 1;
            Apply(account, events[0]);
            recorded[id] = new RecordedEntry(draft.Kind!.Value, draft.Amount!.Value, draft.Row);
            if (events[0] is CommitmentRecorded c)
            {
                commitments[c.EntryId] = new CommitmentState(c.EntryId, c.AccountId, c.Reference, c.Amount, 0);
            }
            else if (events[0] is PaymentRecorded { CommitmentId: { } settled } p)
            {
                commitments[settled] = commitments[settled] with { Paid = commitments[settled].Paid + p.Amount };
            }
        }
        return planned;
    }

    /// <summary>The line's holder, scope, chart codes, date, currency and amount: everything that needs no account's state.</summary>
    private static void Check(PlannedEntry entry, TreasuryContext context)
    {
        var draft = entry.Draft;
        if (draft.HolderText is { } holderText)
        {
            var resolved = context.Holders.Resolve(holderText);
            entry.Holder = resolved.Holder;
            if (resolved.Problem is { } problem) draft.Errors.Add(problem);
            if (resolved.Correction is { } correction) draft.Corrections.Add(correction);
        }
        if (entry.Holder is { } holder && context.MayRecord is { } may && !may(holder))
        {
            // Nothing else about the line is decided: its account, entries and money are another holder's.
            draft.Errors.Clear();
            draft.Errors.Add(new RowProblem("holder", ErrorCodes.Forbidden,
                $"You may not record execution of {holder.Describe()}: outside your scope."));
            entry.Status = TreasuryStatus.Forbidden;
            return;
        }
        var year = context.Year;
        var line = draft.Line is { } lineCode ? context.Chart.Line(lineCode) : null;
        if (draft.Line is not null && line is null)
        {
            draft.Errors.Add(new RowProblem("line", "LINE_NOT_FOUND", $"The chart has no budget line '{draft.Line}'."));
        }
        var source = draft.Source is { } sourceCode ? context.Chart.Source(sourceCode) : null;
        if (draft.Source is not null && source is null)
        {
            draft.Errors.Add(new RowProblem("source", "SOURCE_NOT_FOUND", $"The chart has no funding source '{draft.Source}'."));
        }
        if (draft.On is { } on)
        {
            if (!year.Covers(on))
            {
                draft.Errors.Add(new RowProblem("on", "DATE_OUTSIDE_YEAR", $"{on:yyyy-MM-dd} is not in fiscal year {year.Year} " +
                    $"({year.StartsOn:yyyy-MM-dd} to {year.EndsOn:yyyy-MM-dd})."));
            }
            else if (on > context.Today)
            {
                draft.Errors.Add(new RowProblem("on", "FUTURE_DATE", $"{on:yyyy-MM-dd} is in the future."));
            }
        }
        if (draft.Amount is { } amount) CheckMoney(draft, amount, year.Currency);
        if (draft.PayeeCategory == PayeeCategory.Payroll && draft.Payee is not null)
        {
            draft.Errors.Add(new RowProblem("payee", "PAYEE_NOT_ALLOWED",
                "Payroll is paid to people: its total is recorded without a payee (no person's name is kept in the budget)."));
            // Nor in the import's report.
            draft.Payee = null;
        }
        if (draft.Errors.Count > 0 || entry.Holder is null || line is null || source is null)
        {
            entry.Status = TreasuryStatus.Rejected;
            return;
        }
        var target = AccountRef.For(context.Tenant, year.Year, entry.Holder, line, source, year.Currency);
        entry.Target = target;
        entry.EntryId = BudgetDecisions.EntryId(target.Id, draft.Kind == EntryKind.Commitment ? "commitment" : "payment", draft.Reference!);
        if (draft.CommitmentReference is { } settles) entry.CommitmentId = BudgetDecisions.EntryId(target.Id, "commitment", settles);
        // Decided against the accounts next (Decide).
        entry.Status = TreasuryStatus.Pending;
    }

    /// <summary>Money as Budget takes it (<see cref="Money.Check"/>), each problem with its own code: nothing converted, nothing rounded.</summary>
    private static void CheckMoney(TreasuryDraft draft, decimal amount, string yearCurrency)
    {
        var currency = draft.Currency ?? yearCurrency;
        if (currency != yearCurrency)
        {
            draft.Errors.Add(new RowProblem("currency", "CURRENCY_MISMATCH",
                $"The fiscal year is kept in {yearCurrency}; an amount in {currency} is not converted: give it in {yearCurrency}."));
            return;
        }
        if (amount <= 0)
        {
            draft.Errors.Add(new RowProblem("amount", "NOT_POSITIVE", amount == 0
                ? "An amount is more than 0."
                : $"{amount.ToString(CultureInfo.InvariantCulture)} is negative: a reversal (storno) is recorded with reverseEntry on the entry it " +
                  "reverses, not imported."));
            return;
        }
        if (amount > Money.Largest)
        {
            draft.Errors.Add(new RowProblem("amount", "TOO_LARGE", $"An amount is at most {Money.Format(Money.Largest, yearCurrency)}."));
            return;
        }
        if (!Money.IsExact(amount, yearCurrency))
        {
            draft.Errors.Add(new RowProblem("amount", "TOO_MANY_DECIMALS", $"{amount.ToString(CultureInfo.InvariantCulture)} has more than " +
                $"{Money.Decimals(yearCurrency)} decimals; {yearCurrency} is counted in hundredths and nothing is rounded."));
            return;
        }
        try
        {
            // The module's own rule has the last word (a rule added there applies here too).
            Money.Check(amount, currency, yearCurrency, "amount");
        }
        catch (CommandRejectedException rejected)
        {
            foreach (var e in rejected.Errors) draft.Errors.Add(new RowProblem(e.Field ?? "amount", e.Code, e.Message));
        }
    }

    private static string Code(UserError error, EntryKind kind, bool onCommitment) => error.Code switch
    {
        ErrorCodes.RuleViolated when error.Field == "amount" => kind == EntryKind.Payment && onCommitment ? "EXCEEDS_OUTSTANDING" : "OVERSPENDING",
        ErrorCodes.Invalid when error.Field == "payee" => "PAYEE_NOT_ALLOWED",
        _ => error.Code,
    };

    private static void Reject(PlannedEntry entry, string field, string code, string message)
    {
        entry.Draft.Errors.Add(new RowProblem(field, code, message));
        entry.Status = TreasuryStatus.Rejected;
    }

    /// <summary>The running copy of an account (null when it has no stream: it has nothing available).</summary>
    private static BudgetAccountView? Account(Dictionary<Guid, BudgetAccountView> running, TreasurySeed seed, Guid id)
    {
        if (running.TryGetValue(id, out var account)) return account;
        if (!seed.Accounts.TryGetValue(id, out var stored)) return null;
        account = new BudgetAccountView
        {
            Id = stored.Id,
            FiscalYear = stored.FiscalYear,
            Holder = stored.Holder,
            Line = stored.Line,
            Category = stored.Category,
            Source = stored.Source,
            Currency = stored.Currency,
            Planned = stored.Planned,
            Amended = stored.Amended,
            Committed = stored.Committed,
            Spent = stored.Spent,
            PaidOnCommitments = stored.PaidOnCommitments,
            Overrides = stored.Overrides,
            Entries = stored.Entries,
            Version = stored.Version,
        };
        running[id] = account;
        return account;
    }

    /// <summary>The account after the event, as the inline projection computes it (<see cref="BudgetAccountProjection"/>).</summary>
    private static void Apply(BudgetAccountView account, object data)
    {
        var version = account.Version + 1;
        _ = data switch
        {
            CommitmentRecorded c => BudgetAccountProjection.Apply(new Event<CommitmentRecorded>(c) { Version = version }, account),
            PaymentRecorded p => BudgetAccountProjection.Apply(new Event<PaymentRecorded>(p) { Version = version }, account),
            _ => throw new InvalidOperationException($"A treasury line records a commitment or a payment, not {data.GetType().Name}."),
        };
    }

    private static string Kind(EntryKind kind) => kind == EntryKind.Commitment ? "commitment" : "payment";

    private static string Capital(string text) => char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
