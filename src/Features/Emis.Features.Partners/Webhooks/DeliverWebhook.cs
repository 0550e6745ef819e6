using Wolverine;
using Wolverine.Attributes;

namespace Emis.Features.Partners.Webhooks;

[MessageIdentity("webhooks.deliver_webhook")]
public sealed record DeliverWebhook(Guid SubscriptionId, bool Retry = false);
