using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

internal sealed class WebhookGraphQL : IGraphQLModule
{
    public void AddQueryFields(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionGraphType<WebhookGraphType, WebhookSubscription>>>("webhooks")
            .Description("Webhook subscriptions of your jurisdiction: all of them for the ministry admin, a partner's own for a partner.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Roles.MinistryAdmin, Roles.Partner);
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                var size = Cursor.PageSize(c.GetArgument<int?>("first"));
                var all = await c.RequestServices!.GetRequiredService<WebhookRegistrations>().ListAsync(caller, c.CancellationToken);
                return new Page<WebhookSubscription>([.. all.Skip(offset).Take(size)], offset, all.Count);
            });

    public void AddMutationFields(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RegisterWebhookPayloadGraphType>>("registerWebhook")
            .Description("Subscribe a URL to public events of your jurisdiction (partners and the ministry admin).")
            .Argument<NonNullGraphType<RegisterWebhookInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RegisterWebhookInput>("input");
                return await c.RequestServices!.GetRequiredService<WebhookRegistrations>()
                    .RegisterAsync(c.Caller(), input.Url, input.Types, input.StartAfter, input.Envelope, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SetWebhookEnvelopePayloadGraphType>>("setWebhookEnvelope")
            .Description("Choose the envelope a webhook's events are sent in (1 or 2), from the next event sent.")
            .Argument<NonNullGraphType<SetWebhookEnvelopeInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SetWebhookEnvelopeInput>("input");
                var (webhook, error) = await c.RequestServices!.GetRequiredService<WebhookRegistrations>()
                    .SetEnvelopeAsync(c.Caller(), input.Id, input.Envelope, c.CancellationToken);
                return new WebhookPayload(webhook, webhook?.Id, error is null ? [] : [error]);
            });

        mutation.Field<NonNullGraphType<RotateWebhookSecretPayloadGraphType>>("rotateWebhookSecret")
            .Description("Replace a webhook's signing secret; the old one keeps signing beside the new one for overlapSeconds " +
                         "(default a day), then only the new one signs. The new secret is shown this once.")
            .Argument<NonNullGraphType<RotateWebhookSecretInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RotateWebhookSecretInput>("input");
                return await c.RequestServices!.GetRequiredService<WebhookRegistrations>().RotateSecretAsync(c.Caller(), input.Id,
                    input.OverlapSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<RemoveWebhookPayloadGraphType>>("removeWebhook")
            .Description("Stop and delete a webhook subscription.")
            .Argument<NonNullGraphType<RemoveWebhookInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<WebhookIdInput>("input");
                var (id, error) = await c.RequestServices!.GetRequiredService<WebhookRegistrations>().RemoveAsync(
                    c.Caller(), input.Id, c.CancellationToken);
                return new WebhookPayload(null, id, error is null ? [] : [error]);
            });

        mutation.Field<NonNullGraphType<ReplayWebhookDeadLettersPayloadGraphType>>("replayWebhookDeadLetters")
            .Description("Resume a PARKED or DISABLED webhook from its first parked event; events go out again in log order.")
            .Argument<NonNullGraphType<ReplayWebhookDeadLettersInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<WebhookIdInput>("input");
                var services = c.RequestServices!;
                var (webhook, error) = await services.GetRequiredService<WebhookRegistrations>()
                    .ReplayAsync(c.Caller(), input.Id, services.GetRequiredService<IMessageBus>(), c.CancellationToken);
                return new WebhookPayload(webhook, webhook?.Id, error is null ? [] : [error]);
            });
    }

    public void AddSubscriptionFields(ObjectGraphType subscription)
    {
    }
}
