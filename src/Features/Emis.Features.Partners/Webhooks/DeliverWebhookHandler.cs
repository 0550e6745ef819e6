using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Emis.Features.Partners.Webhooks;

public static class DeliverWebhookHandler
{
    /// <summary>A handler that fails for a reason outside the HTTP call (the database away) is retried; after that the watcher takes over.</summary>
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
    }

    public static Task Handle(
        DeliverWebhook message, WebhookDelivery delivery, IDocumentSession session, IMessageContext context, CancellationToken ct) =>
        delivery.DeliverAsync(message, session, context, ct);
}
