using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using Emis.Platform.EventLog;

namespace Emis.Budget.PublicEvents;

// Budget's public integration events. Money is public within the jurisdiction as amounts per account (year, holder, line, source); who
// was paid, the documents' numbers and their descriptions are not published at all (they stay in the ledger for those who manage it).

/// <summary>An account as published: the year, who holds it and where, the budget line and category, the funding source.</summary>
public sealed record BudgetAccountV1(Guid AccountId, int FiscalYear, string Holder, Guid? SchoolId, string? SchoolCode, string? Municipality,
    string? Level, string Line, string Category, string Source, string Currency);

[PublicEvent("budget.fiscal_year_opened", 1, "A fiscal year was opened: its currency and days.")]
public sealed record FiscalYearOpenedV1(int Year, string Currency, DateOnly StartsOn, DateOnly EndsOn);

[PublicEvent("budget.fiscal_year_closed", 1, "A fiscal year was closed (only corrections from then on).")]
public sealed record FiscalYearClosedV1(int Year, string Reason, DateOnly On);

[PublicEvent("budget.line_defined", 1, "A budget line of the chart was defined or redefined: code, name, economic category, programme.")]
public sealed record BudgetLineDefinedV1(string Code, string Name, string Category, string? Programme);

[PublicEvent("budget.funding_source_defined", 1, "A funding source was defined or redefined: code, name, kind.")]
public sealed record FundingSourceDefinedV1(string Code, string Name, string Kind);

[PublicEvent("budget.account_opened", 1, "An account received its first entry: one year's money of a holder on a line from a source.")]
public sealed record BudgetAccountOpenedV1(BudgetAccountV1 Account);

[PublicEvent("budget.budget_planned", 1, "An account's approved budget, with the act that adopted it.")]
public sealed record BudgetPlannedV1(Guid AccountId, Guid EntryId, decimal Amount, string Act, DateOnly On, bool Correction);

[PublicEvent("budget.budget_amended", 1, "An account's budget was amended (rebalanced, supplemented, cut, or allocated to a request) by an act.")]
public sealed record BudgetAmendedV1(Guid AccountId, Guid EntryId, Guid AmendmentId, string Kind, decimal Amount, string Act, string Reason,
    DateOnly On, Guid? RequestId, bool Overridden, bool Correction);

[PublicEvent("budget.commitment_recorded", 1, "Money was committed on an account (a purchase order or contract), by payee category.")]
public sealed record CommitmentRecordedV1(Guid AccountId, Guid EntryId, decimal Amount, string PayeeCategory, DateOnly On, Guid? RequestId,
    bool Overridden, bool Correction);

[PublicEvent("budget.payment_recorded", 1, "Money was paid from an account, against a commitment or directly, by payee category.")]
public sealed record PaymentRecordedV1(Guid AccountId, Guid EntryId, Guid? CommitmentId, decimal Amount, string PayeeCategory, DateOnly On,
    bool Overridden, bool Correction);

[PublicEvent("budget.entry_reversed", 1, "An entry was reversed, wholly or partly, by an entry of the opposite sign.")]
public sealed record EntryReversedV1(Guid AccountId, Guid EntryId, Guid ReversedEntryId, string Kind, Guid? CommitmentId, decimal Amount,
    DateOnly On, bool Overridden, bool Correction);

/// <summary>A request's line as published.</summary>
public sealed record RequestItemV1(Guid SchoolId, string SchoolCode, string DeviceType, int Quantity, decimal UnitPrice, decimal Amount);

[PublicEvent("budget.request_received", 1, "A purchase proposal from Assets arrived as a budget request.")]
public sealed record BudgetRequestReceivedV1(Guid RequestId, Guid ProposalId, string Name, string SchoolYear, long Sequence, string Currency,
    decimal Total, IReadOnlyList<RequestItemV1> Items);

[PublicEvent("budget.request_approved", 1, "A budget request was approved, fully or partly: what was funded, from which line and source.")]
public sealed record BudgetRequestApprovedV1(Guid RequestId, int FiscalYear, Guid AccountId, string Line, string Source, decimal Amount, bool Partly,
    IReadOnlyList<RequestItemV1> Funded, string Act);

[PublicEvent("budget.request_rejected", 1, "A budget request was rejected, with the act and the reason.")]
public sealed record BudgetRequestRejectedV1(Guid RequestId, string Act, string Reason);

internal static class BudgetPublicEvents
{
    private static RequestItemV1 Item(RequestItem i) => new(i.SchoolId, i.SchoolCode, i.DeviceType, i.Quantity, i.UnitPrice, i.Amount);

    public static PublicEventMap Map() => new PublicEventMap()
        .Add<FiscalYearOpened, FiscalYearOpenedV1>((e, _) => new(e.Year, e.Currency, e.StartsOn, e.EndsOn), e => e.FiscalYearId, PublicChange.Created)
        .Add<FiscalYearClosed, FiscalYearClosedV1>((e, _) => new(e.Year, e.Reason, e.On), e => e.FiscalYearId, PublicChange.Updated)
        .Add<BudgetLineDefined, BudgetLineDefinedV1>((e, _) => new(e.Code, e.Name, PublicEventMap.Name(e.Category), e.Programme), e => e.ChartId,
            PublicChange.Updated)
        .Add<FundingSourceDefined, FundingSourceDefinedV1>((e, _) => new(e.Code, e.Name, PublicEventMap.Name(e.Kind)), e => e.ChartId,
            PublicChange.Updated)
        .Add<BudgetAccountOpened, BudgetAccountOpenedV1>((e, _) => new(new(e.AccountId, e.FiscalYear, PublicEventMap.Name(e.Holder.Kind),
            e.Holder.SchoolId, e.Holder.SchoolCode, e.Holder.Municipality, e.Holder.Level, e.Line, PublicEventMap.Name(e.Category), e.Source,
            e.Currency)), e => e.AccountId, PublicChange.Created)
        .Add<BudgetPlanned, BudgetPlannedV1>((e, _) => new(e.AccountId, e.EntryId, e.Amount, e.Act, e.On, e.Correction is not null), e => e.AccountId,
            PublicChange.Updated)
        .Add<BudgetAmended, BudgetAmendedV1>((e, _) => new(e.AccountId, e.EntryId, e.AmendmentId, PublicEventMap.Name(e.Kind), e.Amount, e.Act,
            e.Reason, e.On, e.RequestId, e.Override is not null, e.Correction is not null), e => e.AccountId, PublicChange.Updated)
        .Add<CommitmentRecorded, CommitmentRecordedV1>((e, _) => new(e.AccountId, e.EntryId, e.Amount, PublicEventMap.Name(e.PayeeCategory), e.On,
            e.RequestId, e.Override is not null, e.Correction is not null), e => e.AccountId, PublicChange.Updated)
        .Add<PaymentRecorded, PaymentRecordedV1>((e, _) => new(e.AccountId, e.EntryId, e.CommitmentId, e.Amount, PublicEventMap.Name(e.PayeeCategory),
            e.On, e.Override is not null, e.Correction is not null), e => e.AccountId, PublicChange.Updated)
        .Add<EntryReversed, EntryReversedV1>((e, _) => new(e.AccountId, e.EntryId, e.ReversedEntryId, PublicEventMap.Name(e.Kind), e.CommitmentId,
            e.Amount, e.On, e.Override is not null, e.Correction is not null), e => e.AccountId, PublicChange.Updated)
        .Add<BudgetRequestReceived, BudgetRequestReceivedV1>((e, _) => new(e.RequestId, e.ProposalId, e.Name, e.SchoolYear, e.Sequence, e.Currency,
            e.Total, [.. e.Items.Select(Item)]), e => e.RequestId, PublicChange.Created)
        .Add<BudgetRequestApproved, BudgetRequestApprovedV1>((e, _) => new(e.RequestId, e.FiscalYear, e.AccountId, e.Line, e.Source, e.Amount,
            e.Partly, [.. e.Funded.Select(Item)], e.Act), e => e.RequestId, PublicChange.Updated)
        .Add<BudgetRequestRejected, BudgetRequestRejectedV1>((e, _) => new(e.RequestId, e.Act, e.Reason), e => e.RequestId, PublicChange.Updated);
}
