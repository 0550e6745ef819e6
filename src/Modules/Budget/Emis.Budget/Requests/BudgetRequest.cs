using Emis.Assets.Contracts;
using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Budget.Requests;

/// <summary>A line of a budget request: a device type for a school, how many, at which unit price.</summary>
public sealed record RequestItem(Guid SchoolId, string SchoolCode, string Municipality, string DeviceType, int Quantity, decimal UnitPrice,
    decimal Amount);

/// <summary>A purchase proposal arrived from Assets as a budget request.</summary>
/// <param name="Sequence">The event sequence number the proposal was computed at.</param>
public sealed record BudgetRequestReceived(Guid RequestId, Guid ProposalId, string Name, string SchoolYear, long Sequence, string Currency,
    decimal Total, IReadOnlyList<RequestItem> Items, DateTimeOffset SubmittedAt);

/// <summary>The ministry approved a request, fully or partly: the allocation went to a capital/ICT line of a fiscal year (central).</summary>
public sealed record BudgetRequestApproved(Guid RequestId, int FiscalYear, Guid AccountId, string Line, string Source, string SourceName,
    IReadOnlyList<RequestItem> Funded, decimal Amount, bool Partly, string Act, string? Reason, Guid AllocationEntryId);

public sealed record BudgetRequestRejected(Guid RequestId, string Act, string Reason);

public enum RequestStatus
{
    Pending,
    Approved,
    PartlyApproved,
    Rejected,
}

/// <summary>A budget request as it stands. One stream per request (its id derives from the proposal's: one request per proposal).</summary>
public sealed class BudgetRequestView
{
    private static readonly Guid Namespace = new("d4a7c2e9-1b58-4f06-8e3d-5c9b0a71f2e6");

    public static Guid IdFor(string jurisdiction, Guid proposalId) =>
        NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/budget-request/{proposalId:N}");

    public Guid Id { get; set; }
    public Guid ProposalId { get; set; }
    public string Name { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public long Sequence { get; set; }
    public string Currency { get; set; } = "";
    public decimal Total { get; set; }
    public List<RequestItem> Items { get; set; } = [];
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public RequestStatus Status { get; set; }
    public int? FiscalYear { get; set; }
    public Guid? AccountId { get; set; }
    public string? Line { get; set; }
    public string? Source { get; set; }
    public List<RequestItem> Funded { get; set; } = [];
    public decimal Approved { get; set; }
    public string? Act { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public long Version { get; set; }
}

public sealed class BudgetRequestProjection : SingleStreamProjection<BudgetRequestView, Guid>
{
    public static BudgetRequestView Create(IEvent<BudgetRequestReceived> e) => new()
    {
        Id = e.Data.RequestId,
        ProposalId = e.Data.ProposalId,
        Name = e.Data.Name,
        SchoolYear = e.Data.SchoolYear,
        Sequence = e.Data.Sequence,
        Currency = e.Data.Currency,
        Total = e.Data.Total,
        Items = [.. e.Data.Items],
        SubmittedAt = e.Data.SubmittedAt,
        ReceivedAt = e.Timestamp,
        Version = e.Version,
    };

    public static BudgetRequestView Apply(IEvent<BudgetRequestApproved> e, BudgetRequestView view)
    {
        var d = e.Data;
        view.Status = d.Partly ? RequestStatus.PartlyApproved : RequestStatus.Approved;
        view.FiscalYear = d.FiscalYear;
        view.AccountId = d.AccountId;
        view.Line = d.Line;
        view.Source = d.Source;
        view.Funded = [.. d.Funded];
        view.Approved = d.Amount;
        view.Act = d.Act;
        view.Reason = d.Reason;
        view.DecidedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }

    public static BudgetRequestView Apply(IEvent<BudgetRequestRejected> e, BudgetRequestView view)
    {
        view.Status = RequestStatus.Rejected;
        view.Act = e.Data.Act;
        view.Reason = e.Data.Reason;
        view.DecidedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>How many of a request's line are funded (a partial approval names the lines it funds; the others are not funded).</summary>
public sealed record FundedQuantity(Guid SchoolId, string DeviceType, int Quantity);

/// <summary>
/// Approve a budget request (ministry only), fully or, naming quantities, partly: the approved amount is allocated to a capital/ICT line
/// of the fiscal year, held centrally, from a funding source.
/// </summary>
public sealed record ApproveBudgetRequest(Guid RequestId, int FiscalYear, string Line, string Source, string Act,
    IReadOnlyList<FundedQuantity>? Items,
    string? Reason, DateOnly? On)
{
    public sealed class Validator : AbstractValidator<ApproveBudgetRequest>
    {
        public Validator()
        {
            RuleFor(x => x.RequestId).NotEmpty().WithMessage("The request's id is required.");
            RuleFor(x => x.FiscalYear).Year();
            RuleFor(x => x.Line).Code("budget line");
            RuleFor(x => x.Source).Code("funding source");
            RuleFor(x => x.Act).Text("act", "Decision 05-11/26 on the laptop programme", 300);
            RuleForEach(x => x.Items).ChildRules(i => i.RuleFor(x => x.Quantity).GreaterThanOrEqualTo(0).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A quantity funded is 0 or more."));
        }
    }
}

public sealed record RejectBudgetRequest(Guid RequestId, string Act, string Reason)
{
    public sealed class Validator : AbstractValidator<RejectBudgetRequest>
    {
        public Validator()
        {
            RuleFor(x => x.RequestId).NotEmpty().WithMessage("The request's id is required.");
            RuleFor(x => x.Act).Text("act", "Decision 05-12/26", 300);
            RuleFor(x => x.Reason).Reason("no capital money left this year");
        }
    }
}

/// <summary>
/// Receive every purchase proposal Assets has sent to Budget and Budget has not received yet (ministry only): after Budget is deployed
/// into a jurisdiction whose proposals were sent before it, or after a message was lost. Answers how many requests it received.
/// </summary>
public sealed record ReceivePurchaseRequests;

/// <summary>Receives Assets' purchase proposals as budget requests (once each: a proposal sent again is the same request).</summary>
public static class PurchaseProposalSubmittedHandler
{
    public static async Task Handle(PurchaseProposalSubmittedV1 message, IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var session = store.LightweightSession(message.Jurisdiction);
        session.SetHeader(EventHeaders.Jurisdiction, message.Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "assets");
        session.SetHeader(EventHeaders.Source, Sources.Sync);
        if (await ReceiveAsync(session, message.Request, ct)) await session.SaveChangesAsync(ct);
    }

    /// <summary>Starts the request's stream unless it was received already; whether it did.</summary>
    public static async Task<bool> ReceiveAsync(IDocumentSession session, PurchaseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var id = BudgetRequestView.IdFor(session.TenantId, request.ProposalId);
        if (await session.LoadAsync<BudgetRequestView>(id, ct) is not null) return false;
        session.Events.StartStream<BudgetRequestView>(id, Received(id, request));
        return true;
    }

    public static BudgetRequestReceived Received(Guid id, PurchaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(id, request.ProposalId, request.Name, request.SchoolYear, request.Sequence, request.Currency, request.Total,
            [.. request.Items.Select(i => new RequestItem(i.SchoolId, i.SchoolCode, i.Municipality, i.DeviceType, i.Quantity, i.UnitPrice,
                i.Amount))],
            request.SubmittedAt);
    }
}

public static class BudgetRequestHandler
{
    public static async Task<(int, BudgetChangedV1)> Handle(ReceivePurchaseRequests command, IDocumentSession session, IPurchaseProposals proposals,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var received = 0;
        foreach (var request in await proposals.SubmittedAsync(session.TenantId, ct))
        {
            if (await PurchaseProposalSubmittedHandler.ReceiveAsync(session, request, ct)) received++;
        }
        return (received, new BudgetChangedV1(session.TenantId, null, "request_changed"));
    }

    public static async Task<(Recorded, BudgetChangedV1, BudgetRequestDecidedV1)> Handle(ApproveBudgetRequest command, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var request = await session.Events.FetchForWriting<BudgetRequestView>(command.RequestId, ct);
        var view = Pending(request.Aggregate, command.RequestId);
        var (year, chart, on) = await BudgetCommandHandler.ContextAsync(session, command.FiscalYear, command.On, null, clock, ct);
        var line = chart.RequireLine(command.Line);
        var source = chart.RequireSource(command.Source);
        var target = AccountRef.For(session.TenantId, year.Year, BudgetHolder.CentralHolder, line, source, year.Currency);
        var account = await session.Events.FetchForWriting<BudgetAccountView>(target.Id, ct);
        var (approved, allocation) = Decide(command, view, target, account.Aggregate, on);
        request.AppendOne(approved);
        account.AppendMany(allocation);
        var decided = new BudgetRequestDecidedV1(session.TenantId, view.ProposalId, approved.Partly ? "partly_approved" : "approved", year.Year,
            view.Currency, approved.Amount, line.Code, source.Label,
            [.. approved.Funded.Select(i => new FundedItemV1(i.SchoolId, i.SchoolCode, i.DeviceType, i.Quantity, i.UnitPrice, i.Amount))],
            approved.Act, approved.Reason, clock.GetUtcNow());
        return (new Recorded([approved.AllocationEntryId], [target.Id]), new BudgetChangedV1(session.TenantId, year.Year, "request_changed"),
            decided);
    }

    public static async Task<(Recorded, BudgetChangedV1, BudgetRequestDecidedV1)> Handle(RejectBudgetRequest command, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var request = await session.Events.FetchForWriting<BudgetRequestView>(command.RequestId, ct);
        var view = Pending(request.Aggregate, command.RequestId);
        request.AppendOne(new BudgetRequestRejected(view.Id, command.Act.Trim(), command.Reason.Trim()));
        var decided = new BudgetRequestDecidedV1(session.TenantId, view.ProposalId, "rejected", null, view.Currency, 0, null, null, [],
            command.Act.Trim(), command.Reason.Trim(), clock.GetUtcNow());
        return (new Recorded([], []), new BudgetChangedV1(session.TenantId, null, "request_changed"), decided);
    }

    /// <summary>
    /// The approval and the allocation, or why not: the line is a capital/ICT line, the request is in the fiscal year's currency, every
    /// quantity named is one of the request's lines and at most what it asked, and something is funded.
    /// </summary>
    public static (BudgetRequestApproved Approved, IReadOnlyList<object> Allocation) Decide(ApproveBudgetRequest command, BudgetRequestView request,
        AccountRef target, BudgetAccountView? account, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        // The account keeps the category its line had when it opened: that is the category the allocation will count under.
        if ((account?.Category ?? target.Line.Category) != EconomicCategory.CapitalIct)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "line",
                $"Budget line {target.Line.Code} ({target.Line.Name}) is {target.Line.Category}; " +
                "a purchase of devices is funded from a capital/ICT line.");
        }
        if (request.Currency != target.Currency)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "fiscalYear",
                $"The request is priced in {request.Currency}; fiscal year {target.FiscalYear} is kept in {target.Currency}. Save the proposal in " +
                $"{target.Currency} and send it again.");
        }
        List<RequestItem> funded;
        if (command.Items is null)
        {
            funded = [.. request.Items];
        }
        else
        {
            funded = [];
            var asked = command.Items.GroupBy(i => (i.SchoolId, Type: Key(i.DeviceType))).ToList();
            foreach (var group in asked)
            {
                if (group.Count() > 1)
                {
                    throw new CommandRejectedException(ErrorCodes.Duplicate, "items",
                        $"{group.First().DeviceType} for school {group.Key.SchoolId} is named twice.");
                }
                var item = request.Items.FirstOrDefault(i => i.SchoolId == group.Key.SchoolId && Key(i.DeviceType) == group.Key.Type)
                    ?? throw new CommandRejectedException(ErrorCodes.NotFound, "items",
                        $"The request has no line for {group.First().DeviceType} at school {group.Key.SchoolId}.");
                var quantity = group.Single().Quantity;
                if (quantity > item.Quantity)
                {
                    throw new CommandRejectedException(ErrorCodes.RuleViolated, "items",
                        $"{item.SchoolCode} asked for {item.Quantity} {item.DeviceType}; {quantity} cannot be funded.");
                }
                if (quantity > 0) funded.Add(item with { Quantity = quantity, Amount = quantity * item.UnitPrice });
            }
        }
        foreach (var item in funded)
        {
            Money.Check(item.Amount, request.Currency, target.Currency, "items");
            if (item.Amount != item.Quantity * item.UnitPrice)
            {
                throw new CommandRejectedException(ErrorCodes.Invalid, "items",
                    $"{item.SchoolCode}'s {item.DeviceType} line says {item.Amount} for {item.Quantity} × {item.UnitPrice}.");
            }
        }
        var amount = funded.Sum(i => i.Amount);
        if (amount <= 0) throw new CommandRejectedException(ErrorCodes.RuleViolated, "items", "Nothing is funded: reject the request instead.");
        Money.Check(amount, request.Currency, target.Currency, "items");
        var partly = amount < request.Total || funded.Sum(i => i.Quantity) < request.Items.Sum(i => i.Quantity);
        var allocation = BudgetDecisions.Amend(account, target, request.Id, AmendmentKind.Allocation, amount, command.Act.Trim(),
            $"Budget request '{request.Name}'" + (string.IsNullOrWhiteSpace(command.Reason) ? "" : $": {command.Reason.Trim()}"), on, request.Id,
                null, null);
        var entry = ((BudgetAmended)allocation[^1]).EntryId;
        return (new BudgetRequestApproved(request.Id, target.FiscalYear, target.Id, target.Line.Code, target.Source.Code, target.Source.Name,
            funded, amount, partly, command.Act.Trim(), string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), entry), allocation);
    }

    private static string Key(string deviceType) => deviceType.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static BudgetRequestView Pending(BudgetRequestView? request, Guid id)
    {
        var view = request ?? throw new CommandRejectedException(ErrorCodes.NotFound, "requestId", $"There is no budget request {id}.");
        return view.Status == RequestStatus.Pending ? view
            : throw new CommandRejectedException(ErrorCodes.RuleViolated, "requestId",
                $"The request '{view.Name}' was decided on {view.DecidedAt:yyyy-MM-dd} ({view.Status}).");
    }
}

internal sealed class BudgetRequestPolicy : ICommandPolicy<ApproveBudgetRequest>, ICommandPolicy<RejectBudgetRequest>,
    ICommandPolicy<ReceivePurchaseRequests>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, ReceivePurchaseRequests command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "receive purchase requests"));

    public Task<UserError?> AuthorizeAsync(Caller caller, ApproveBudgetRequest command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "approve a budget request"));

    public Task<UserError?> AuthorizeAsync(Caller caller, RejectBudgetRequest command, CancellationToken ct) =>
        Task.FromResult(BudgetAccess.MinistryOnly(caller, "reject a budget request"));
}
