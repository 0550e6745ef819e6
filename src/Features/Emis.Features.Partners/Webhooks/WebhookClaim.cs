namespace Emis.Features.Partners.Webhooks;

/// <param name="Envelope">1 or 2 (<see cref="Feed.CloudEventEnvelope"/>): how each event's body is rendered.</param>
/// <param name="PreviousSecret">The secret a rotation replaced, while its overlap lasts (until <paramref name="PreviousSecretUntil"/>).</param>
public sealed record WebhookClaim(Guid Id, Guid Token, string Jurisdiction, string Url, IReadOnlyList<string> Types, bool PersonalData,
    string Secret, long Cursor, int Attempts, int Envelope = Feed.CloudEventEnvelope.V1, string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretUntil = null)
{
    public override string ToString() => $"WebhookClaim {{ Id = {Id}, Jurisdiction = {Jurisdiction}, Cursor = {Cursor}, Attempts = {Attempts} }}";
}
