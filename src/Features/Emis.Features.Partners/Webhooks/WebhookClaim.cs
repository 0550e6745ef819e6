namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookClaim(Guid Id, Guid Token, string Jurisdiction, string Url, IReadOnlyList<string> Types, bool PersonalData,
    string Secret, long Cursor, int Attempts)
{
    public override string ToString() => $"WebhookClaim {{ Id = {Id}, Jurisdiction = {Jurisdiction}, Cursor = {Cursor}, Attempts = {Attempts} }}";
}
