using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Registry.PublicEvents;
using Emis.Registry.Schools;
using Emis.Registry.Schools.AuditingSchools;
using Emis.Registry.Schools.ChangeSchoolStatus;
using Emis.Registry.Schools.GettingSchools;
using Emis.Registry.Schools.ImportingSchools;
using Emis.Registry.Schools.MoveSchool;
using Emis.Registry.Schools.RegisterSchool;
using Emis.Registry.Schools.RenameSchool;
using Emis.Registry.Schools.SetSchoolLanguages;
using Emis.Registry.Schools.WatchingSchools;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Registry;

/// <summary>The registry of jurisdictions' municipalities and schools: everything the host needs to compose it.</summary>
public static class RegistryModule
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddValidatorsFrom<SchoolView>();
        services.AddCommandPoliciesFrom<SchoolView>();
        services.AddSingleton<SchoolAccess>();
        services.AddSingleton<SchoolQueries>();
        services.AddSingleton<LiveFeed<SchoolChange>>();
        services.AddScoped<SchoolImporter>();
        services.AddSingleton<Schools.AnnouncingSchools.SchoolAnnouncer>();
        services.AddSingleton<IGraphQLModule, RegistryGraphQL>();
        services.AddSingleton(RegistryPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, SchoolStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton(sp => SchoolViewReadModel.Create(sp.GetRequiredService<IDocumentStore>()));
        return services;
    }

    public static StoreOptions ConfigureRegistry(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<SchoolRegistered>("registry.school_registered");
        options.Events.MapEventType<SchoolRenamed>("registry.school_renamed");
        options.Events.MapEventType<SchoolMoved>("registry.school_moved");
        options.Events.MapEventType<SchoolStatusChanged>("registry.school_status_changed");
        options.Events.MapEventType<SchoolLanguagesSet>("registry.school_languages_set");

        options.Projections.Add<SchoolViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SchoolView>()
            .Index(x => x.Municipality)
            .Index(x => x.Code);
        return options;
    }

    public static WolverineOptions ConfigureRegistry(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(RegistryModule).Assembly);
        // Integration events are routed by Wolverine to each subscribing handler's own durable local queue
        // (MultipleHandlerBehavior.Separated, durable local queues, set by the host): one subscriber failing never
        // holds back another, and every delivery goes through the outbox.
        return options;
    }

    private sealed class RegistryGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query) => SchoolQueryFields.Add(query);

        public void AddMutationFields(ObjectGraphType mutation)
        {
            RegisterSchoolMutation.Add(mutation);
            RenameSchoolMutation.Add(mutation);
            MoveSchoolMutation.Add(mutation);
            ChangeSchoolStatusMutation.Add(mutation);
            SetSchoolLanguagesMutation.Add(mutation);
        }

        public void AddSubscriptionFields(ObjectGraphType subscription) => SchoolChangedSubscription.Add(subscription);
    }
}
