using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookRegistration(WebhookSubscription? Webhook, string? Secret, IReadOnlyList<UserError> Errors);
