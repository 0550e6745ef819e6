using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.Partners.Webhooks;

public sealed class WebhookStateGraphType : EnumerationGraphType
{
    public WebhookStateGraphType()
    {
        Name = "WebhookState";
        Add(WebhookStates.Active, WebhookStates.Active, "Delivering, or waiting for events.");
        Add(WebhookStates.Failing, WebhookStates.Failing, "The last attempt failed; a retry is scheduled (retryAt).");
        Add(WebhookStates.Parked, WebhookStates.Parked, "The retry budget ran out: pending events are parked (deadLetters) until replayed.");
        Add(WebhookStates.Disabled, WebhookStates.Disabled, "The receiver answered 410 Gone; nothing is sent until replayed.");
    }
}

public sealed class WebhookDeadLetterGraphType : ObjectGraphType<WebhookDeadLetter>
{
    public WebhookDeadLetterGraphType()
    {
        Name = "WebhookDeadLetter";
        Description = "An event parked when the retry budget ran out.";
        Field(x => x.Sequence).Description("The event's position in the log.");
        Field(x => x.EventId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The CloudEvent id (the webhook-id it was sent with).");
        Field(x => x.Type).Description("The CloudEvents type.");
        Field(x => x.ParkedAt);
        Field(x => x.Attempts).Description("Attempts made to send this event (0: it waited behind an earlier one).");
        Field(x => x.LastError, nullable: true);
    }
}

public sealed class WebhookGraphType : ObjectGraphType<WebhookSubscription>
{
    public WebhookGraphType()
    {
        Name = "Webhook";
        Description = "A subscription that POSTs the jurisdiction's public events, one CloudEvent per request, to a partner's URL (adr/0015).";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Url);
        Field(x => x.Types, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description(
            "The CloudEvents types it receives.");
        Field(x => x.State, type: typeof(NonNullGraphType<WebhookStateGraphType>));
        Field(x => x.Created);
        Field(x => x.Owner).Description("The subject of the caller who registered it.");
        Field(x => x.PersonalData).Description("Whether personal fields are sent (the registering caller held the personal-data grant).");
        Field(x => x.Cursor).Description("The log position of the last event delivered (or passed over).");
        Field(x => x.Delivered).Description("Events delivered with a 2xx answer.");
        Field(x => x.LastDeliveredAt, nullable: true);
        Field(x => x.Attempts).Description("Consecutive failed attempts at the current event.");
        Field(x => x.RetryAt, nullable: true).Description("When the next attempt is due (FAILING).");
        Field(x => x.LastError, nullable: true);
        Field(x => x.LastStatus, nullable: true).Description("The HTTP status of the last answer, if there was one.");
        Field(x => x.LastAttemptAt, nullable: true);
        Field(x => x.DeadLetterCount).Description("Events parked.");
        Field(x => x.Envelope).Description(
            "The envelope events are sent in: 1 (the first, the default) or 2 (CloudEvents-valid; see /events/catalog); setWebhookEnvelope.");
        Field(x => x.PreviousSecretUntil, nullable: true).Description(
            "Until when the secret replaced by rotateWebhookSecret still signs beside the new one; null when there is none.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookDeadLetterGraphType>>>>("deadLetters")
            .Description("Parked events in log order (PARKED or DISABLED); replayWebhookDeadLetters sends them again, in order.")
            .Argument<IntGraphType>("first", "At most this many (default 100, at most 1000).")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<WebhookRegistrations>()
                .DeadLettersAsync(
                    c.Source.Id, Math.Clamp(c.GetArgument<int?>("first") ?? 100, 0, WebhookDelivery.MaxDeadLetters), c.CancellationToken));
    }
}

public sealed class RegisterWebhookInputGraphType : InputObjectGraphType<RegisterWebhookInput>
{
    public RegisterWebhookInputGraphType()
    {
        Name = "RegisterWebhookInput";
        Field(x => x.Url).Description("Absolute https URL that receives the POSTs.");
        Field(x => x.Types, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>))
            .Description("CloudEvents types to receive, e.g. emis.registry.school_registered.v1.");
        Field(x => x.StartAfter, nullable: true)
            .Description("Send events after this log position (0: all history). Default: the log's position now, so only new events.");
        Field(x => x.Envelope, nullable: true)
            .Description("1 (default) or 2: envelope 2 is CloudEvents-valid (absolute dataschema, sequence as a string); see /events/catalog.");
    }
}

public sealed class RemoveWebhookInputGraphType : InputObjectGraphType<WebhookIdInput>
{
    public RemoveWebhookInputGraphType()
    {
        Name = "RemoveWebhookInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public sealed class ReplayWebhookDeadLettersInputGraphType : InputObjectGraphType<WebhookIdInput>
{
    public ReplayWebhookDeadLettersInputGraphType()
    {
        Name = "ReplayWebhookDeadLettersInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public sealed class SetWebhookEnvelopeInputGraphType : InputObjectGraphType<SetWebhookEnvelopeInput>
{
    public SetWebhookEnvelopeInputGraphType()
    {
        Name = "SetWebhookEnvelopeInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Envelope).Description("1 or 2.");
    }
}

public sealed class RotateWebhookSecretInputGraphType : InputObjectGraphType<RotateWebhookSecretInput>
{
    public RotateWebhookSecretInputGraphType()
    {
        Name = "RotateWebhookSecretInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.OverlapSeconds, nullable: true).Description(
            "How long the old secret keeps signing beside the new one, 0 to 2592000 (30 days); default 86400 (a day). 0 drops it at once.");
    }
}

public sealed class SetWebhookEnvelopePayloadGraphType : ObjectGraphType<WebhookPayload>
{
    public SetWebhookEnvelopePayloadGraphType()
    {
        Name = "SetWebhookEnvelopePayload";
        Field(x => x.Webhook, type: typeof(WebhookGraphType)).Description("The webhook with its new envelope; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

public sealed class RotateWebhookSecretPayloadGraphType : ObjectGraphType<WebhookRegistration>
{
    public RotateWebhookSecretPayloadGraphType()
    {
        Name = "RotateWebhookSecretPayload";
        Field(x => x.Webhook, type: typeof(WebhookGraphType)).Description("The webhook; previousSecretUntil says when the old secret stops.");
        Field(x => x.Secret, nullable: true).Description("The new signing secret (whsec_...), shown this once; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

public sealed class RegisterWebhookPayloadGraphType : ObjectGraphType<WebhookRegistration>
{
    public RegisterWebhookPayloadGraphType()
    {
        Name = "RegisterWebhookPayload";
        Field(x => x.Webhook, type: typeof(WebhookGraphType)).Description("The new subscription; null when refused.");
        Field(x => x.Secret, nullable: true)
            .Description("The signing secret (whsec_...), shown this once: verify webhook-signature with it (Standard Webhooks).");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

public sealed class RemoveWebhookPayloadGraphType : ObjectGraphType<WebhookPayload>
{
    public RemoveWebhookPayloadGraphType()
    {
        Name = "RemoveWebhookPayload";
        Field(x => x.Id, type: typeof(IdGraphType)).Description("The removed webhook's id; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

public sealed class ReplayWebhookDeadLettersPayloadGraphType : ObjectGraphType<WebhookPayload>
{
    public ReplayWebhookDeadLettersPayloadGraphType()
    {
        Name = "ReplayWebhookDeadLettersPayload";
        Field(x => x.Webhook, type: typeof(WebhookGraphType)).Description("The webhook, active again; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}
