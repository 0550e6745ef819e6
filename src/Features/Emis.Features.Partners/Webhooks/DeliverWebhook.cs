using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// Deliver what a subscription has not received yet. A nudge, not a payload: the events come from the log at the
/// subscription's cursor when it is handled, so nudges may be duplicated or lost without harm (the watcher sends another).
/// Sent on the durable local queue <see cref="WebhookServices.Queue"/>; <paramref name="Retry"/> marks the scheduled retry
/// after a failure, which runs even though the subscription's retry time may not quite have come by the database's clock.
/// </summary>
[MessageIdentity("webhooks.deliver_webhook")]
public sealed record DeliverWebhook(Guid SubscriptionId, bool Retry = false);

public static class DeliverWebhookHandler
{
    /// <summary>A handler that fails for a reason outside the HTTP call (the database away) is retried; after that the watcher takes over.</summary>
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
    }

    public static Task Handle(DeliverWebhook message, WebhookDelivery delivery, IDocumentSession session, IMessageContext context, CancellationToken ct) =>
        delivery.DeliverAsync(message, session, context, ct);
}
