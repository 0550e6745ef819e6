using System.Globalization;
using Emis.Budget.Chart;
using Emis.Platform.Commands;
using Emis.Platform.Events;

namespace Emis.Budget.Accounts;

/// <summary>An account a command names: its id, year, holder, line and source, and the year's currency.</summary>
public sealed record AccountRef(Guid Id, int FiscalYear, BudgetHolder Holder, BudgetLine Line, FundingSource Source, string Currency)
{
    public static AccountRef For(string jurisdiction, int fiscalYear, BudgetHolder holder, BudgetLine line, FundingSource source, string currency) =>
        new(BudgetAccountView.IdFor(jurisdiction, fiscalYear, holder, line.Code, source.Code), fiscalYear, holder, line, source, currency);

    public BudgetAccountOpened Opened() => new(Id, FiscalYear, Holder, Line.Code, Line.Category, Source.Code, Currency);

    public string Describe() => $"line {Line.Code} from {Source.Code} of {Holder.Describe()} in {FiscalYear}";
}

/// <summary>
/// Budget's decisions, pure: given an account as it stands (null before its first entry) and what is asked, the events to append or the
/// refusal. Every entry that lowers what a line has available below zero needs an override (ministry admin, with a reason), recorded on
/// the entry; a payment never exceeds what is outstanding on its commitment; an entry is reversed at most to what of it still stands.
/// </summary>
public static class BudgetDecisions
{
    private static readonly Guid EntryNamespace = new("6b1f0e93-d2a7-4c58-8e3b-94f7a2c06d15");

    /// <summary>The id of an entry named by a document (or by the plan itself): the same document on the same account is the same entry.</summary>
    public static Guid EntryId(Guid accountId, string kind, string reference) =>
        NameBasedGuid.Create(EntryNamespace, $"{accountId:N}/{kind}/{ReferenceKey(reference)}");

    private static readonly Guid AmendmentNamespace = new("a9e3f7c1-58d2-4b06-9c41-2e7d0b8f6a35");

    /// <summary>An amendment's id: one per act and kind in a fiscal year (the act's text compared as a document reference).</summary>
    public static Guid AmendmentId(string jurisdiction, int fiscalYear, AmendmentKind kind, string act) =>
        NameBasedGuid.Create(AmendmentNamespace, $"{jurisdiction.ToLowerInvariant()}/{fiscalYear}/{kind}/{ReferenceKey(act)}");

    /// <summary>A document's number as compared: trimmed, upper case, inner spaces collapsed.</summary>
    public static string ReferenceKey(string reference) =>
        string.Join(' ', reference.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static IReadOnlyList<object> Plan(BudgetAccountView? account, AccountRef target, decimal amount, string act, DateOnly on,
        string? correction)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (account is { Planned: not 0 })
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "lines",
                $"The budget of {target.Describe()} was approved already ({Money.Format(account.Planned, account.Currency)}): change it with " +
                "amendBudget.");
        }
        return [.. Opening(account, target), new BudgetPlanned(target.Id, EntryId(target.Id, "plan", "plan"), amount, act, on, correction)];
    }

    public static IReadOnlyList<object> Amend(BudgetAccountView? account, AccountRef target, Guid amendmentId, AmendmentKind kind, decimal amount,
        string act, string reason, DateOnly on, Guid? requestId, string? overrideReason, string? correction)
    {
        ArgumentNullException.ThrowIfNull(target);
        var over = amount < 0 ? Overspend(account, target, -amount, overrideReason, $"a cut of {Money.Format(-amount, target.Currency)}") : null;
        return [.. Opening(account, target), new BudgetAmended(target.Id, EntryId(target.Id, "amendment", amendmentId.ToString("N")), amendmentId,
            kind,
            amount, act, reason, on, requestId, over, correction)];
    }

    public static IReadOnlyList<object> Commit(BudgetAccountView? account, AccountRef target, bool recorded, string reference, decimal amount,
        PayeeCategory payee, string? payeeName, string? description, DateOnly on, Guid? requestId, string? overrideReason, string? correction)
    {
        ArgumentNullException.ThrowIfNull(target);
        var id = EntryId(target.Id, "commitment", reference);
        if (recorded)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "reference",
                $"Commitment {reference.Trim()} is recorded already on {target.Describe()} (entry {id}).");
        }
        var over = Overspend(account, target, amount, overrideReason, $"a commitment of {Money.Format(amount, target.Currency)}");
        return [.. Opening(account, target), new CommitmentRecorded(target.Id, id, reference.Trim(), amount, payee, Payee(payee, payeeName),
            Trim(description), on, requestId, over, correction)];
    }

    public static IReadOnlyList<object> Pay(BudgetAccountView? account, AccountRef target, bool recorded, CommitmentState? commitment,
        string reference, decimal amount, PayeeCategory payee, string? payeeName, string? description, DateOnly on, string? overrideReason,
        string? correction)
    {
        ArgumentNullException.ThrowIfNull(target);
        var id = EntryId(target.Id, "payment", reference);
        if (recorded)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "reference",
                $"Payment {reference.Trim()} is recorded already on {target.Describe()} (entry {id}).");
        }
        BudgetOverride? over = null;
        if (commitment is not null)
        {
            // Committed money is spent: what is available does not move, but a payment never exceeds what is outstanding.
            if (amount > commitment.Outstanding)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "amount",
                    $"Commitment {commitment.Reference} has {Money.Format(commitment.Outstanding, target.Currency)} outstanding " +
                    $"({Money.Format(commitment.Committed, target.Currency)} committed, {Money.Format(commitment.Paid, target.Currency)} paid); " +
                    $"a payment of {Money.Format(amount, target.Currency)} exceeds it: record the rest as a new commitment or a direct payment.");
            }
        }
        else
        {
            over = Overspend(account, target, amount, overrideReason, $"a payment of {Money.Format(amount, target.Currency)}");
        }
        return [.. Opening(account, target), new PaymentRecorded(target.Id, id, commitment?.CommitmentId, reference.Trim(), amount, payee,
            Payee(payee, payeeName), Trim(description), on, over, correction)];
    }

    /// <summary>
    /// The reversal of <paramref name="target"/> (wholly, or <paramref name="amount"/> of it), or why not: an execution entry (a plan is
    /// amended, not reversed) with something left to reverse; a commitment keeps at least what was paid against it.
    /// </summary>
    public static EntryReversed Reverse(BudgetAccountView account, LedgerEntry target, CommitmentState? commitment, Guid entryId, decimal? amount,
        string reason, DateOnly on, string? overrideReason, string? correction)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind is EntryKind.Plan or EntryKind.Amendment)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "entryId",
                "An approved budget or an amendment is not reversed: change it with amendBudget (its act and reason).");
        }
        if (on < target.On)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "on",
                $"The entry was recorded on {target.On:yyyy-MM-dd}; a reversal cannot come before it ({on:yyyy-MM-dd}).");
        }
        var remaining = Math.Abs(target.Remaining);
        if (remaining == 0)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "entryId", target.IsReversal
                ? $"The reversal {target.EntryId} was itself reversed wholly already: reverse that reversal instead."
                : $"Entry {target.Reference ?? target.EntryId.ToString()} was reversed wholly already.");
        }
        var magnitude = amount ?? remaining;
        if (magnitude <= 0) throw new CommandRejectedException(ErrorCodes.Invalid, "amount", "An amount reversed is more than 0.");
        if (magnitude > remaining)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "amount",
                $"Only {Money.Format(remaining, account.Currency)} of the entry stands; " +
                $"{Money.Format(magnitude, account.Currency)} cannot be reversed.");
        }
        var signed = target.Amount > 0 ? -magnitude : magnitude;
        // What the reversal does: to the commitment it belongs to, and to what the line has available.
        if (commitment is not null)
        {
            var committed = commitment.Committed + (target.Kind == EntryKind.Commitment ? signed : 0);
            var paid = commitment.Paid + (target.Kind == EntryKind.Payment ? signed : 0);
            if (paid > committed)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "amount", target.Kind == EntryKind.Commitment
                    ? $"Commitment {commitment.Reference} has {Money.Format(commitment.Paid, account.Currency)} paid against it: at most " +
                      $"{Money.Format(commitment.Outstanding, account.Currency)} of it can be reversed (reverse the payments first)."
                    : $"Commitment {commitment.Reference} has {Money.Format(commitment.Outstanding, account.Currency)} outstanding; restoring this " +
                      "payment would pay more than it commits.");
            }
        }
        var lowers = target.Kind switch
        {
            EntryKind.Commitment => signed,
            EntryKind.Payment when target.CommitmentId is null => signed,
            _ => 0m,
        };
        var over = lowers > 0
            ? Overspend(account, null, lowers, overrideReason, $"restoring {Money.Format(lowers, account.Currency)}")
            : null;
        return new EntryReversed(account.Id, entryId, target.EntryId, target.Kind, target.CommitmentId, signed, reason, on, over, correction);
    }

    /// <summary>
    /// Null when taking <paramref name="amount"/> from what the account has available leaves it at 0 or more; otherwise the override that
    /// allows it, or the refusal when none was given.
    /// </summary>
    public static BudgetOverride? Overspend(BudgetAccountView? account, AccountRef? target, decimal amount, string? overrideReason, string what)
    {
        var available = account?.Available ?? 0m;
        if (available - amount >= 0) return null;
        var currency = account?.Currency ?? target!.Currency;
        var described = account?.Describe() ?? target!.Describe();
        if (string.IsNullOrWhiteSpace(overrideReason))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "amount",
                $"{Capital(described)} has {Money.Format(available, currency)} available; {what} would overspend it by " +
                $"{Money.Format(amount - available, currency)}. Amend the budget, or the ministry admin overrides with a reason.");
        }
        return new BudgetOverride(overrideReason.Trim(), available);
    }

    private static IEnumerable<object> Opening(BudgetAccountView? account, AccountRef target) => account is null ? [target.Opened()] : [];

    private static string? Payee(PayeeCategory category, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        if (category == PayeeCategory.Payroll)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "payee",
                "Payroll is paid to people: record its total without a payee (no person's name is kept in the budget).");
        }
        return name.Trim();
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
