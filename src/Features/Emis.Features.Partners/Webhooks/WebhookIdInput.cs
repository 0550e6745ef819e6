namespace Emis.Features.Partners.Webhooks;

public sealed class WebhookIdInput
{
    public Guid Id { get; set; }
}
