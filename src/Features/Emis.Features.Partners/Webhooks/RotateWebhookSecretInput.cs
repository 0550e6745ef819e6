namespace Emis.Features.Partners.Webhooks;

public sealed class RotateWebhookSecretInput
{
    public Guid Id { get; set; }
    public int? OverlapSeconds { get; set; }
}
