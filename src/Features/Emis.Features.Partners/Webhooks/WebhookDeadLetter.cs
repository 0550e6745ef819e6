namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookDeadLetter(long Sequence, Guid EventId, string Type, DateTimeOffset ParkedAt, int Attempts, string? LastError);
