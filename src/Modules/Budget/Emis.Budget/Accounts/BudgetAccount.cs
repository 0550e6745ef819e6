using System.Globalization;
using Emis.Budget.Chart;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Budget.Accounts;

/// <summary>Who holds a budget: a school, a municipality, or the ministry itself (central).</summary>
public enum HolderKind
{
    School,
    Municipality,
    Central,
}

/// <summary>What an entry of an account does to it.</summary>
public enum EntryKind
{
    /// <summary>The approved budget.</summary>
    Plan,

    /// <summary>A change of the approved budget: rebalancing, supplementary budget, reduction, an allocation to a budget request.</summary>
    Amendment,

    /// <summary>A purchase order or contract: money promised against the line.</summary>
    Commitment,

    /// <summary>Money paid, against a commitment or directly.</summary>
    Payment,
}

/// <summary>How an amendment changes the budget.</summary>
public enum AmendmentKind
{
    /// <summary>Money moved between lines or holders; the act's changes sum to zero.</summary>
    Rebalance,

    /// <summary>A supplementary budget: more money.</summary>
    Supplementary,

    /// <summary>A cut.</summary>
    Reduction,

    /// <summary>Money allocated to an approved budget request (a purchase proposal from Assets).</summary>
    Allocation,
}

/// <summary>Whom money was paid to, by category only: never a person's name or any personal data.</summary>
public enum PayeeCategory
{
    Supplier,
    Contractor,
    Utility,

    /// <summary>Salaries and benefits, paid as a payroll total (no payee is ever named).</summary>
    Payroll,
    PublicBody,
    NonProfit,
    Other,
}

/// <summary>Who holds an account, with where it is (a school's code, municipality and level), as the ledger and figures group it.</summary>
public sealed record BudgetHolder(HolderKind Kind, Guid? SchoolId, string? SchoolCode, string? Municipality, string? Level)
{
    public static readonly BudgetHolder CentralHolder = new(HolderKind.Central, null, null, null, null);

    /// <summary>The holder as an account's identity uses it (a school by id, a municipality by name, case ignored).</summary>
    public string Key => Kind switch
    {
        HolderKind.School => $"school/{SchoolId:N}",
        HolderKind.Municipality => $"municipality/{Municipality!.Trim().ToLowerInvariant()}",
        _ => "central",
    };

    public string Describe() => Kind switch
    {
        HolderKind.School => SchoolCode!,
        HolderKind.Municipality => Municipality!,
        _ => "the ministry (central)",
    };
}

/// <summary>
/// A ministry user spent beyond what a line had available, knowingly: who, and why. Recorded on the entry that needed it, so that
/// every negative available amount is explained by an override in the log.
/// </summary>
public sealed record BudgetOverride(string Reason, decimal AvailableBefore);

/// <summary>The first event of an account: one fiscal year's money of one holder on one budget line from one funding source.</summary>
public sealed record BudgetAccountOpened(Guid AccountId, int FiscalYear, BudgetHolder Holder, string Line, EconomicCategory Category, string Source,
    string Currency);

/// <param name="Correction">Why an entry was recorded in a closed year (a correction), or null.</param>
public sealed record BudgetPlanned(Guid AccountId, Guid EntryId, decimal Amount, string Act, DateOnly On, string? Correction);

/// <param name="AmendmentId">The act's id: every account an amendment changes carries the same one.</param>
/// <param name="RequestId">The budget request an allocation funds.</param>
public sealed record BudgetAmended(Guid AccountId, Guid EntryId, Guid AmendmentId, AmendmentKind Kind, decimal Amount, string Act, string Reason,
    DateOnly On, Guid? RequestId, BudgetOverride? Override, string? Correction);

/// <param name="Reference">The purchase order's or contract's number (unique per account and kind: the entry's id derives from it).</param>
/// <param name="Payee">The organisation paid (a company, a utility), never a person; null for payroll.</param>
/// <remarks>The payee, the document and its description are withheld from readers without the personal-data grant (analysts) in the
/// audit trail: they name who was paid.</remarks>
public sealed record CommitmentRecorded(Guid AccountId, Guid EntryId,
    [property: PersonalData(PersonalDataHandling.Withhold)] string Reference, decimal Amount, PayeeCategory PayeeCategory,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? Payee,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? Description, DateOnly On, Guid? RequestId, BudgetOverride? Override,
    string? Correction);

/// <param name="CommitmentId">The commitment the payment settles (part of), or null for a direct payment.</param>
public sealed record PaymentRecorded(Guid AccountId, Guid EntryId, Guid? CommitmentId,
    [property: PersonalData(PersonalDataHandling.Withhold)] string Reference, decimal Amount, PayeeCategory PayeeCategory,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? Payee,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? Description, DateOnly On, BudgetOverride? Override, string? Correction);

/// <summary>
/// An entry was reversed, wholly or partly, by a new entry of the opposite sign (nothing recorded is ever edited). A reversal is itself
/// an entry and may be reversed in turn (restoring what it took back).
/// </summary>
/// <param name="Kind">What the reversal changes: the reversed entry's kind (a reversal's own, the kind of what it reversed).</param>
/// <param name="CommitmentId">The commitment the reversed entry belongs to (a commitment's own id, a payment's commitment), or null.</param>
/// <param name="Amount">The signed change: opposite to the reversed entry's.</param>
public sealed record EntryReversed(Guid AccountId, Guid EntryId, Guid ReversedEntryId, EntryKind Kind, Guid? CommitmentId, decimal Amount,
    string Reason, DateOnly On, BudgetOverride? Override, string? Correction);

/// <summary>
/// An account as it stands: its totals, enough to decide whether the next entry fits. One stream per account. The entries themselves are
/// rows of the ledger (<c>bud_entries</c>), which figures sum and reversals look up.
/// </summary>
public sealed class BudgetAccountView
{
    public Guid Id { get; set; }
    public int FiscalYear { get; set; }
    public BudgetHolder Holder { get; set; } = BudgetHolder.CentralHolder;
    public string Line { get; set; } = "";
    public EconomicCategory Category { get; set; }
    public string Source { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal Planned { get; set; }
    public decimal Amended { get; set; }
    public decimal Committed { get; set; }
    public decimal Spent { get; set; }

    /// <summary>Payments against commitments (they settle what was committed: available does not move again).</summary>
    public decimal PaidOnCommitments { get; set; }
    public int Overrides { get; set; }
    public int Entries { get; set; }
    public long Version { get; set; }

    public decimal Budget => Planned + Amended;

    /// <summary>Committed and not paid yet.</summary>
    public decimal Outstanding => Committed - PaidOnCommitments;

    /// <summary>The budget less what is committed and what was paid without a commitment.</summary>
    public decimal Available => Budget - Committed - (Spent - PaidOnCommitments);

    private static readonly Guid Namespace = new("3f8d2a61-c47e-4b05-9e1a-6d2b7c90f5e3");

    public static Guid IdFor(string jurisdiction, int fiscalYear, BudgetHolder holder, string line, string source) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture,
            $"{jurisdiction.ToLowerInvariant()}/account/{fiscalYear}/{holder.Key}/{line}/{source}"));

    public string Describe() => $"line {Line} from {Source} of {Holder.Describe()} in {FiscalYear}";

    /// <summary>What an entry of <paramref name="kind"/> and signed <paramref name="amount"/> does to the totals.</summary>
    public void Add(EntryKind kind, decimal amount, bool onCommitment)
    {
        switch (kind)
        {
            case EntryKind.Plan: Planned += amount; break;
            case EntryKind.Amendment: Amended += amount; break;
            case EntryKind.Commitment: Committed += amount; break;
            case EntryKind.Payment:
                Spent += amount;
                if (onCommitment) PaidOnCommitments += amount;
                break;
        }
        Entries++;
    }
}

public sealed class BudgetAccountProjection : SingleStreamProjection<BudgetAccountView, Guid>
{
    public static BudgetAccountView Create(IEvent<BudgetAccountOpened> e) => new()
    {
        Id = e.Data.AccountId,
        FiscalYear = e.Data.FiscalYear,
        Holder = e.Data.Holder,
        Line = e.Data.Line,
        Category = e.Data.Category,
        Source = e.Data.Source,
        Currency = e.Data.Currency,
        Version = e.Version,
    };

    public static BudgetAccountView Apply(IEvent<BudgetPlanned> e, BudgetAccountView view) => Add(e, view, EntryKind.Plan, e.Data.Amount, false,
        null);

    public static BudgetAccountView Apply(IEvent<BudgetAmended> e, BudgetAccountView view) =>
        Add(e, view, EntryKind.Amendment, e.Data.Amount, false, e.Data.Override);

    public static BudgetAccountView Apply(IEvent<CommitmentRecorded> e, BudgetAccountView view) =>
        Add(e, view, EntryKind.Commitment, e.Data.Amount, false, e.Data.Override);

    public static BudgetAccountView Apply(IEvent<PaymentRecorded> e, BudgetAccountView view) =>
        Add(e, view, EntryKind.Payment, e.Data.Amount, e.Data.CommitmentId is not null, e.Data.Override);

    public static BudgetAccountView Apply(IEvent<EntryReversed> e, BudgetAccountView view) =>
        Add(e, view, e.Data.Kind, e.Data.Amount, e.Data.CommitmentId is not null, e.Data.Override);

    private static BudgetAccountView Add(IEvent e, BudgetAccountView view, EntryKind kind, decimal amount, bool onCommitment, BudgetOverride? over)
    {
        view.Add(kind, amount, onCommitment);
        if (over is not null) view.Overrides++;
        view.Version = e.Version;
        return view;
    }
}
