using Emis.Platform.GraphQL;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

/// <summary>Everything the host needs to compose webhooks (adr/0015).</summary>
public static class WebhookServices
{
    /// <summary>The durable local queue delivery nudges wait in.</summary>
    public const string Queue = "webhooks";

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublicEvents>();
        services.AddSingleton<WebhookSettings>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<WebhookRegistrations>();
        services.AddSingleton<WebhookWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWatcher>());
        services.AddSingleton<IGraphQLModule, WebhookGraphQL>();
        return services;
    }

    public static StoreOptions ConfigureWebhooks(this StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var table in WebhookStore.Definitions(options.DatabaseSchemaName)) options.Storage.ExtendedSchemaObjects.Add(table);
        return options;
    }

    public static WolverineOptions ConfigureWebhooks(this WolverineOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Only the delivery handler: the rest of the platform assembly holds no handlers.
        options.Discovery.IncludeType(typeof(DeliverWebhookHandler));
        options.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue).MaximumParallelMessages(new WebhookSettings(configuration).Parallelism);
        return options;
    }
}
