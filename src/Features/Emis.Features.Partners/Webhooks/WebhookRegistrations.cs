using Emis.Features.Partners.Feed;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

public sealed class WebhookRegistrations(WebhookStore store, PublicEvents events, EventLog log, WebhookSettings settings, TimeProvider clock)
{
    /// <summary>The most subscriptions one caller may hold in a jurisdiction.</summary>
    public const int MaxPerOwner = 25;

    /// <summary>The overlap a rotated secret keeps when none is asked for: a day to deploy the new secret.</summary>
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(24);

    /// <summary>The longest overlap a rotation may ask for.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    public static bool MayRegister(Caller caller) => caller is { Role: Roles.Partner or Roles.MinistryAdmin };

    /// <summary>Registers a subscription in envelope 1.</summary>
    public Task<WebhookRegistration> RegisterAsync(
        Caller caller, string? url, IReadOnlyList<string>? types, long? startAfter, CancellationToken ct) =>
        RegisterAsync(caller, url, types, startAfter, null, ct);

    /// <param name="envelope">1 (default) or 2 (<see cref="CloudEventEnvelope"/>).</param>
    public async Task<WebhookRegistration> RegisterAsync(
        Caller caller, string? url, IReadOnlyList<string>? types, long? startAfter, int? envelope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!MayRegister(caller))
        {
            return Refused(new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not register webhooks."));
        }
        var errors = new List<UserError>();
        if (await WebhookTargets.CheckAsync(url, settings.AllowHttp, settings.AllowPrivateTargets, ct) is { } urlError) errors.Add(urlError);
        var wanted = (types ?? []).Select(t => t?.Trim() ?? "").ToList();
        if (wanted.Count == 0 || wanted.Any(t => t.Length == 0))
        {
            errors.Add(new UserError(
                ErrorCodes.Required, "types", "Name at least one event type (CloudEvents type such as emis.registry.school_registered.v1)."));
        }
        else if (events.Unknown(wanted) is { Count: > 0 } unknown)
        {
            errors.Add(new UserError(ErrorCodes.Invalid, "types",
                $"Unknown event type{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}. Known: " +
                $"{string.Join(", ", events.CloudEventTypes.Order(StringComparer.Ordinal))}."));
        }
        var head = await log.SafeHeadAsync(ct);
        if (startAfter is { } start && (start < 0 || start > head))
        {
            errors.Add(new UserError(
                ErrorCodes.Invalid, "startAfter", $"startAfter must lie between 0 (all history) and the log's current position {head}."));
        }
        if (EnvelopeError(envelope ?? CloudEventEnvelope.V1) is { } envelopeError) errors.Add(envelopeError);
        if (errors.Count > 0) return Refused([.. errors]);
        if ((await store.ListAsync(caller.Jurisdiction, caller.Subject, ct)).Count >= MaxPerOwner)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, null, $"You hold {MaxPerOwner} webhooks already; remove one first."));
        }

        var subscription = new WebhookSubscription(
            Guid.CreateVersion7(), caller.Jurisdiction, caller.Subject, caller.Role, url!.Trim(), [.. wanted.Distinct(StringComparer.Ordinal)],
            caller.GrantedRights.Contains(Grants.PersonalData), WebhookStates.Active, clock.GetUtcNow(), startAfter ?? head,
            0, null, null, null, null, 0, null, 0, envelope ?? CloudEventEnvelope.V1);
        var secret = WebhookSignature.NewSecret();
        await store.InsertAsync(subscription, secret, ct);
        return new WebhookRegistration(await store.GetAsync(caller.Jurisdiction, subscription.Id, ct), secret, []);
    }

    /// <summary>The subscriptions the caller may see: the ministry admin's whole jurisdiction, a partner's own.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            Roles.MinistryAdmin => await store.ListAsync(caller.Jurisdiction, null, ct),
            Roles.Partner => await store.ListAsync(caller.Jurisdiction, caller.Subject, ct),
            _ => [],
        };
    }

    /// <summary>The subscription if the caller may manage it, or the error to show.</summary>
    public async Task<(WebhookSubscription? Webhook, UserError? Error)> FindAsync(Caller caller, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var webhook = await store.GetAsync(caller.Jurisdiction, id, ct);
        if (webhook is null || !(caller.Role == Roles.MinistryAdmin || (caller.Role == Roles.Partner && webhook.Owner == caller.Subject)))
        {
            return (null, new UserError(ErrorCodes.NotFound, "id", $"There is no webhook with id {id} that you manage."));
        }
        return (webhook, null);
    }

    public async Task<(Guid? Id, UserError? Error)> RemoveAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var (webhook, error) = await FindAsync(caller, id, ct);
        if (webhook is null) return (null, error);
        await store.DeleteAsync(id, ct);
        return (id, null);
    }

    /// <summary>Switches the envelope of a subscription the caller manages; the next event sent is rendered in it.</summary>
    public async Task<(WebhookSubscription? Webhook, UserError? Error)> SetEnvelopeAsync(Caller caller, Guid id, int envelope, CancellationToken ct)
    {
        var (webhook, error) = await FindAsync(caller, id, ct);
        if (webhook is null) return (null, error);
        if (EnvelopeError(envelope) is { } invalid) return (null, invalid);
        await store.SetEnvelopeAsync(id, envelope, ct);
        return (await store.GetAsync(caller.Jurisdiction, id, ct), null);
    }

    /// <summary>
    /// A new signing secret for a subscription the caller manages, returned once. The old one keeps signing beside it for
    /// <paramref name="overlap"/> (default <see cref="DefaultOverlap"/>; zero drops it at once) so the receiver can switch
    /// without refusing a request.
    /// </summary>
    public async Task<WebhookRegistration> RotateSecretAsync(Caller caller, Guid id, TimeSpan? overlap, CancellationToken ct)
    {
        var (webhook, error) = await FindAsync(caller, id, ct);
        if (webhook is null) return Refused(error!);
        var keep = overlap ?? DefaultOverlap;
        if (keep < TimeSpan.Zero || keep > MaxOverlap)
        {
            return Refused(new UserError(ErrorCodes.Invalid, "overlapSeconds",
                "The overlap must lie between 0 and 2592000 seconds (30 days)."));
        }
        var secret = WebhookSignature.NewSecret();
        await store.RotateSecretAsync(id, secret, keep, ct);
        return new WebhookRegistration(await store.GetAsync(caller.Jurisdiction, id, ct), secret, []);
    }

    private static UserError? EnvelopeError(int envelope) => envelope is CloudEventEnvelope.V1 or CloudEventEnvelope.V2
        ? null
        : new UserError(ErrorCodes.Invalid, "envelope",
            $"The envelope must be 1 (the first) or 2 (CloudEvents-valid: absolute dataschema, sequence as a string); got {envelope}.");

    /// <summary>A parked (or disabled) subscription goes on from its first parked event.</summary>
    public async Task<(WebhookSubscription? Webhook, UserError? Error)> ReplayAsync(Caller caller, Guid id, IMessageBus bus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var (webhook, error) = await FindAsync(caller, id, ct);
        if (webhook is null) return (null, error);
        if (!await store.ResumeAsync(id, ct))
        {
            return (null, new UserError(ErrorCodes.RuleViolated, "id",
                $"The webhook is {webhook.State}: only a PARKED or DISABLED webhook has dead letters to replay."));
        }
        await bus.SendAsync(new DeliverWebhook(id));
        return (await store.GetAsync(caller.Jurisdiction, id, ct), null);
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(Guid id, int limit, CancellationToken ct) => store.DeadLettersAsync(id, limit, ct);

    private static WebhookRegistration Refused(params UserError[] errors) => new(null, null, errors);
}
