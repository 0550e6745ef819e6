namespace Emis.Features.Partners.Webhooks;

public sealed class SetWebhookEnvelopeInput
{
    public Guid Id { get; set; }
    public int Envelope { get; set; }
}
