namespace Emis.Features.Partners.Webhooks;

public sealed class RegisterWebhookInput
{
    public string Url { get; set; } = "";
    public List<string> Types { get; set; } = [];
    public long? StartAfter { get; set; }
    public int? Envelope { get; set; }
}
