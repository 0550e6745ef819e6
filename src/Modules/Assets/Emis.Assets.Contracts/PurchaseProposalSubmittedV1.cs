using Wolverine.Attributes;

namespace Emis.Assets.Contracts;

/// <summary>
/// Published (through the outbox) when a ministry user sends a saved purchase proposal to Budget as a budget request. The
/// whole request travels: Budget needs nothing else to record it (and <see cref="IPurchaseProposals"/> lists every proposal
/// sent, for a Budget deployed after some were).
/// </summary>
[MessageIdentity("assets.purchase_proposal_submitted", Version = 1)]
public sealed record PurchaseProposalSubmittedV1(string Jurisdiction, PurchaseRequest Request);

/// <summary>A saved purchase proposal as a budget request: what to buy for which school, at which unit price, and its total.</summary>
/// <param name="Sequence">The event sequence number the proposal was computed at (recomputing it as of this number gives the same lines).</param>
/// <param name="Currency">ISO 4217 code of every amount (BAM, EUR).</param>
public sealed record PurchaseRequest(
    Guid ProposalId,
    string Name,
    string SchoolYear,
    long Sequence,
    string Currency,
    decimal Total,
    IReadOnlyList<PurchaseItem> Items,
    DateTimeOffset SubmittedAt);

/// <summary>One line of a request: a device type for a school, how many, the unit price and the amount (quantity × unit price).</summary>
public sealed record PurchaseItem(Guid SchoolId, string SchoolCode, string Municipality, string DeviceType, int Quantity, decimal UnitPrice,
    decimal Amount);

/// <summary>
/// What Assets offers, synchronously, to the module that turns purchase proposals into budget requests (Budget): the proposals
/// sent so far, and one by id. Implemented by the Assets module.
/// </summary>
public interface IPurchaseProposals
{
    /// <summary>Every proposal sent to Budget in the jurisdiction, oldest first.</summary>
    Task<IReadOnlyList<PurchaseRequest>> SubmittedAsync(string jurisdiction, CancellationToken ct);

    /// <summary>A proposal sent to Budget, or null when there is none with this id or it was not sent.</summary>
    Task<PurchaseRequest?> SubmittedAsync(string jurisdiction, Guid proposalId, CancellationToken ct);
}
