using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Emis.Features.Partners.Webhooks;

[MessageIdentity("webhooks.deliver_webhook")]
public sealed record DeliverWebhook(Guid SubscriptionId, bool Retry = false);
