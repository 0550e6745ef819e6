namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookSubscription(
    Guid Id,
    string Jurisdiction,
    string Owner,
    string OwnerRole,
    string Url,
    IReadOnlyList<string> Types,
    bool PersonalData,
    string State,
    DateTimeOffset Created,
    long Cursor,
    int Attempts,
    DateTimeOffset? RetryAt,
    string? LastError,
    int? LastStatus,
    DateTimeOffset? LastAttemptAt,
    long Delivered,
    DateTimeOffset? LastDeliveredAt,
    long DeadLetterCount,
    int Envelope = Feed.CloudEventEnvelope.V1,
    DateTimeOffset? PreviousSecretUntil = null);
