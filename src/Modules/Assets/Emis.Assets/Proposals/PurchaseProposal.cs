using Emis.Assets.Contracts;
using Emis.Assets.Norms;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Assets.Proposals;

/// <summary>A ministry user saved a computed purchase proposal under a name: every line as computed at <see cref="Sequence"/>.</summary>
public sealed record PurchaseProposalSaved(Guid ProposalId, string Name, string SchoolYear, string Currency, long Sequence,
    IReadOnlyList<DeviceNorm> Norms, IReadOnlyList<Guid> SchoolIds, IReadOnlyList<ProposalLine> Lines, IReadOnlyList<ProposalTotal> Totals,
    decimal Total);

/// <summary>A saved proposal was sent to Budget as a budget request.</summary>
public sealed record PurchaseProposalSentToBudget(Guid ProposalId, DateTimeOffset SentAt);

/// <summary>One funded line of a proposal: how many of a device type a school gets, at which unit price.</summary>
public sealed record FundedLine(Guid SchoolId, string SchoolCode, string DeviceType, int Quantity, decimal UnitPrice, decimal Amount);

/// <summary>
/// Budget decided the proposal's request (<see cref="Emis.Budget.Contracts.BudgetRequestDecidedV1"/>): approved, partly approved or rejected,
/// and what was funded, from which fiscal year, budget line and funding source.
/// </summary>
public sealed record PurchaseProposalFunded(Guid ProposalId, string Decision, int? FiscalYear, decimal Amount, string? Line, string? FundingSource,
    IReadOnlyList<FundedLine> Items, string Act, string? Reason, DateTimeOffset DecidedAt);

/// <summary>What Budget funded of a proposal.</summary>
public sealed record ProposalFunding(string Decision, int? FiscalYear, decimal Amount, string? Line, string? FundingSource,
    IReadOnlyList<FundedLine> Items,
    string Act, string? Reason, DateTimeOffset DecidedAt);

/// <summary>A saved purchase proposal. One stream per proposal.</summary>
public sealed class PurchaseProposalView
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public string Currency { get; set; } = "";
    public long Sequence { get; set; }
    public List<DeviceNorm> Norms { get; set; } = [];
    public List<Guid> SchoolIds { get; set; } = [];
    public List<ProposalLine> Lines { get; set; } = [];
    public List<ProposalTotal> Totals { get; set; } = [];
    public decimal Total { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public DateTimeOffset? SentToBudgetAt { get; set; }

    /// <summary>What Budget decided and funded (null until it decides).</summary>
    public ProposalFunding? Funding { get; set; }
    public long Version { get; set; }

    private static readonly Guid Namespace = new("5d0c9e21-8f4b-4a67-b3e2-c71a0f95d8b4");

    /// <summary>A proposal's id is its name's within the jurisdiction (trimmed, case ignored): two saves of one name collide on it.</summary>
    public static Guid IdFor(string jurisdiction, string name) =>
        Platform.Events.NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/proposal/{name.Trim().ToLowerInvariant()}");

    /// <summary>The request Budget receives: a line per school and device type short of devices.</summary>
    public PurchaseRequest Request() => new(Id, Name, SchoolYear, Sequence, Currency, Total,
        [.. Lines.Where(l => l.Shortfall > 0).Select(l => new PurchaseItem(l.SchoolId, l.SchoolCode, l.Municipality,
            ProposalCalculator.Name(l.DeviceType),
            l.Shortfall, l.UnitPrice ?? 0, l.Amount ?? 0))], SentToBudgetAt ?? SavedAt);
}

public sealed class PurchaseProposalProjection : SingleStreamProjection<PurchaseProposalView, Guid>
{
    public static PurchaseProposalView Create(IEvent<PurchaseProposalSaved> e) => new()
    {
        Id = e.Data.ProposalId,
        Name = e.Data.Name,
        SchoolYear = e.Data.SchoolYear,
        Currency = e.Data.Currency,
        Sequence = e.Data.Sequence,
        Norms = [.. e.Data.Norms],
        SchoolIds = [.. e.Data.SchoolIds],
        Lines = [.. e.Data.Lines],
        Totals = [.. e.Data.Totals],
        Total = e.Data.Total,
        SavedAt = e.Timestamp,
        Version = e.Version,
    };

    public static PurchaseProposalView Apply(IEvent<PurchaseProposalSentToBudget> e, PurchaseProposalView view)
    {
        view.SentToBudgetAt = e.Data.SentAt;
        view.Version = e.Version;
        return view;
    }

    public static PurchaseProposalView Apply(IEvent<PurchaseProposalFunded> e, PurchaseProposalView view)
    {
        var d = e.Data;
        view.Funding = new ProposalFunding(d.Decision, d.FiscalYear, d.Amount, d.Line, d.FundingSource, [.. d.Items], d.Act, d.Reason, d.DecidedAt);
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Budget decided a proposal's request: the proposal records what was funded (once per decision: a redelivery changes nothing).</summary>
public static class BudgetRequestDecidedHandler
{
    public static async Task Handle(Emis.Budget.Contracts.BudgetRequestDecidedV1 message, IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var session = store.LightweightSession(message.Jurisdiction);
        session.SetHeader(Platform.Events.EventHeaders.Jurisdiction, message.Jurisdiction);
        session.SetHeader(Platform.Events.EventHeaders.Actor, "budget");
        session.SetHeader(Platform.Events.EventHeaders.Source, Sources.Sync);
        var stream = await session.Events.FetchForWriting<PurchaseProposalView>(message.ProposalId, ct);
        if (stream.Aggregate is not { } proposal || proposal.Funding?.DecidedAt == message.DecidedAt) return;
        stream.AppendOne(new PurchaseProposalFunded(proposal.Id, message.Decision, message.FiscalYear, message.ApprovedAmount, message.Line,
            message.FundingSource, [.. message.Items.Select(i => new FundedLine(i.SchoolId, i.SchoolCode, i.DeviceType, i.Quantity, i.UnitPrice,
                i.Amount))], message.Act, message.Reason, message.DecidedAt));
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Compute a purchase proposal and save it under a name (ministry only): as of <see cref="AsOfSequence"/>, or of the event log's
/// settled head now. Every device type short somewhere must have a price in the currency.
/// </summary>
public sealed record SavePurchaseProposal(string Name, string SchoolYear, string Currency, IReadOnlyList<string>? Norms,
    IReadOnlyList<Guid>? SchoolIds,
    string? Municipality, long? AsOfSequence)
{
    public sealed class Validator : AbstractValidator<SavePurchaseProposal>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().WithMessage("Give the proposal a name (Laptops for every classroom, 2026).")
                .MaximumLength(200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A proposal's name is at most 200 characters.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Currency).NotEmpty().WithMessage("The currency is required (BAM, EUR).")
                .Must(c => Platform.Text.CurrencyCode.Of(c) is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A currency is an ISO 4217 code of three letters (BAM, EUR).");
            RuleFor(x => x.AsOfSequence).GreaterThanOrEqualTo(0).When(x => x.AsOfSequence is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A sequence number is 0 or more.");
        }
    }
}

/// <summary>Send a saved proposal to Budget as a budget request (ministry only, once).</summary>
public sealed record SendProposalToBudget(Guid ProposalId)
{
    public sealed class Validator : AbstractValidator<SendProposalToBudget>
    {
        public Validator() => RuleFor(x => x.ProposalId).NotEmpty().WithMessage("The proposal's id is required.");
    }
}

public static class PurchaseProposalHandler
{
    public static async Task<Guid> Handle(SavePurchaseProposal command, IDocumentSession session, ProposalCalculator calculator, EventLogPulse log,
        CancellationToken ct)
    {
        var name = command.Name.Trim();
        var id = PurchaseProposalView.IdFor(session.TenantId, name);
        if (await session.LoadAsync<PurchaseProposalView>(id, ct) is { } named)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "name", $"There is a proposal named '{named.Name}' already.");
        }
        var head = await log.HeadAsync(ct);
        if (command.AsOfSequence > head)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "asOfSequence",
                $"Sequence {command.AsOfSequence} is not settled yet (head {head}).");
        }
        // The proposal is the ministry's, over the jurisdiction: computed in the ministry's scope whoever of it saves it.
        var ministry = new Caller("purchase-proposal", Roles.MinistryAdmin, session.TenantId, null, null);
        var answer = await calculator.ComputeAsync(ministry,
            new ProposalQuestion(command.SchoolYear, command.Currency, command.Norms, command.SchoolIds, command.Municipality),
            command.AsOfSequence ?? head, ct);
        // StartStream: a save of the same name racing this one fails on the stream id (DUPLICATE).
        session.Events.StartStream<PurchaseProposalView>(id, Decide(command, id, answer));
        return id;
    }

    public static async Task<PurchaseProposalSubmittedV1> Handle(SendProposalToBudget command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<PurchaseProposalView>(command.ProposalId, ct);
        var proposal = stream.Aggregate
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "proposalId", $"There is no purchase proposal with id {command.ProposalId}.");
        if (proposal.SentToBudgetAt is { } sent)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "proposalId", $"The proposal was sent to Budget on {sent:yyyy-MM-dd}.");
        }
        var at = clock.GetUtcNow();
        stream.AppendOne(new PurchaseProposalSentToBudget(proposal.Id, at));
        proposal.SentToBudgetAt = at;
        return new PurchaseProposalSubmittedV1(session.TenantId, proposal.Request());
    }

    /// <summary>The proposal to save, or why not: something is short, and every shortfall has a price.</summary>
    public static PurchaseProposalSaved Decide(SavePurchaseProposal command, Guid id, ProposalAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Problems.Count > 0) throw new CommandRejectedException(ErrorCodes.RuleViolated, "currency", string.Join(" ", answer.Problems));
        if (answer.Lines.All(l => l.Shortfall == 0))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "norms",
                "Nothing is short: every school meets the norms; there is nothing to buy.");
        }
        return new PurchaseProposalSaved(id, command.Name.Trim(), answer.SchoolYear, answer.Currency, answer.Sequence, answer.Norms, answer.SchoolIds,
            answer.Lines, answer.Totals, answer.Total!.Value);
    }
}

/// <summary>Proposals are the ministry's.</summary>
internal sealed class PurchaseProposalPolicy : ICommandPolicy<SavePurchaseProposal>, ICommandPolicy<SendProposalToBudget>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SavePurchaseProposal command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "save a purchase proposal"));

    public Task<UserError?> AuthorizeAsync(Caller caller, SendProposalToBudget command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "send a purchase proposal to Budget"));
}

/// <summary>The proposals sent to Budget, for Budget (<see cref="IPurchaseProposals"/>).</summary>
internal sealed class PurchaseProposals(IDocumentStore store) : IPurchaseProposals
{
    public async Task<IReadOnlyList<PurchaseRequest>> SubmittedAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var sent = await session.Query<PurchaseProposalView>().Where(p => p.SentToBudgetAt != null).ToListAsync(ct);
        return [.. sent.OrderBy(p => p.SentToBudgetAt).Select(p => p.Request())];
    }

    public async Task<PurchaseRequest?> SubmittedAsync(string jurisdiction, Guid proposalId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var proposal = await session.LoadAsync<PurchaseProposalView>(proposalId, ct);
        return proposal?.SentToBudgetAt is null ? null : proposal.Request();
    }
}
