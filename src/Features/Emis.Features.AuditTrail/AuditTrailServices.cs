using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Emis.Features.AuditTrail;

/// <summary>The analysts' audit trail: history, the events list, named checkpoints, the hash chain and the event export.</summary>
public static class AuditTrailServices
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Pseudonymiser>();
        services.AddSingleton<StreamVisibility>();
        services.AddSingleton<IStreamVisibility, CheckpointVisibility>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Checkpoints>();
        services.AddSingleton<ICheckpointResolver>(sp => sp.GetRequiredService<Checkpoints>());
        services.AddSingleton<IEntityFields, AuditTrailEntityFields>();
        services.AddSingleton<HashChain>();
        services.AddSingleton<EventExport>();
        services.AddSingleton<Erasure.PersonEraser>();
        services.AddHostedService<HashChainWorker>();
        services.AddSingleton<IGraphQLModule, AuditGraphQL>();
        return services;
    }

    public static StoreOptions ConfigureAuditTrail(this StoreOptions options)
    {
        options.Events.MapEventType<CheckpointNamed>("audit.checkpoint_named");
        options.Events.MapEventType<Erasure.PersonErased>("audit.person_erased");
        options.Projections.Add<NamedCheckpointProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<NamedCheckpoint>();
        options.Storage.ExtendedSchemaObjects.AddRange(HashChain.Tables(options.DatabaseSchemaName));
        return options;
    }

    private sealed class AuditGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query) => AuditTrailFields.AddQueries(query);

        public void AddMutationFields(ObjectGraphType mutation) => AuditTrailFields.AddMutations(mutation);

        public void AddSubscriptionFields(ObjectGraphType subscription)
        {
            // The live event stream is the partner feed's (events subscription); the audit trail is read on demand.
        }
    }
}
