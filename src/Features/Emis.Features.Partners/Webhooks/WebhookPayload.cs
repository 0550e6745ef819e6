using Emis.Platform.Commands;

namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookPayload(WebhookSubscription? Webhook, Guid? Id, IReadOnlyList<UserError> Errors);
