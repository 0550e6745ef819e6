using Emis.Platform.Commands;

namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookRegistration(WebhookSubscription? Webhook, string? Secret, IReadOnlyList<UserError> Errors);
