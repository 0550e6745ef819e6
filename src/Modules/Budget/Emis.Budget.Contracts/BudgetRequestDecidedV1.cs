using Wolverine.Attributes;

namespace Emis.Budget.Contracts;

/// <summary>
/// Published (through the outbox) when the ministry decides a budget request that came from a purchase proposal: approved fully,
/// partly, or rejected. Assets records on the proposal what was funded.
/// </summary>
/// <param name="ProposalId">The purchase proposal the request came from.</param>
/// <param name="Decision">approved, partly_approved or rejected.</param>
/// <param name="FiscalYear">The fiscal year whose capital/ICT line was allocated the money (null when rejected).</param>
/// <param name="ApprovedAmount">Σ funded quantity × unit price, in <paramref name="Currency"/> (0 when rejected).</param>
/// <param name="FundingSource">The funding source's code and name ("MIN-ICT — Ministry ICT programme"), as devices bought with it record it.</param>
[MessageIdentity("budget.budget_request_decided", Version = 1)]
public sealed record BudgetRequestDecidedV1(
    string Jurisdiction,
    Guid ProposalId,
    string Decision,
    int? FiscalYear,
    string Currency,
    decimal ApprovedAmount,
    string? Line,
    string? FundingSource,
    IReadOnlyList<FundedItemV1> Items,
    string Act,
    string? Reason,
    DateTimeOffset DecidedAt);

/// <summary>One funded line of a request: a device type for a school, how many were funded, at which unit price.</summary>
public sealed record FundedItemV1(Guid SchoolId, string SchoolCode, string DeviceType, int Quantity, decimal UnitPrice, decimal Amount);
