using Emis.Assets.Devices;
using Emis.Assets.Devices.ImportingDevices;
using Emis.Assets.Devices.ImportingDevices.Reviewing;
using Emis.Assets.Figures;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Assets.PublicEvents;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Emis.Platform.ReadModels;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Emis.Assets;

/// <summary>School infrastructure, ICT devices, connectivity, norms and purchase proposals: everything the host needs to compose Assets.</summary>
public static class AssetsModule
{
    public static IServiceCollection AddAssets(this IServiceCollection services)
    {
        services.AddValidatorsFrom<DeviceView>();
        services.AddCommandPoliciesFrom<DeviceView>();
        services.AddSingleton<AssetsAccess>();
        services.AddSingleton<ProposalCalculator>();
        services.AddSingleton<AssetFiguresQueries>();
        services.AddSingleton<AssetFiguresFeed>();
        // The platform's import pipeline, shared with the other importers (whichever module registers it first).
        services.TryAddSingleton<ImportRows>();
        services.TryAddSingleton<ImportQueue>();
        services.TryAddSingleton<ImportRunner>();
        services.AddSingleton<DeviceImporter>();
        services.AddSingleton<DeviceImportReview>();
        services.AddSingleton<Contracts.IPurchaseProposals, PurchaseProposals>();
        services.AddSingleton<IGraphQLModule, AssetsGraphQL>();
        services.AddSingleton(AssetsPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, AssetsStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel, AssetFactsReadModel>();
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<DeviceView>(sp.GetRequiredService<IDocumentStore>(), "devices",
            "every device as it stands (DeviceView documents)",
            [typeof(DeviceRegistered), typeof(DeviceAssigned), typeof(DeviceLoaned), typeof(DeviceReturned), typeof(DeviceStateChanged),
                typeof(DeviceTransferred)],
            d => d.Id, d => d.Version, DeviceColumns, []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<SchoolInfrastructureView>(sp.GetRequiredService<IDocumentStore>(),
            "school-infrastructure", "each school's rooms, basic services and connection (SchoolInfrastructureView documents)",
            [typeof(RoomRegistered), typeof(RoomChanged), typeof(RoomClosed), typeof(BasicServicesReported), typeof(ConnectionRecorded),
                typeof(OutageReported), typeof(OutageEnded)], s => s.Id, s => s.Version, InfrastructureColumns, []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<AssetNormsView>(sp.GetRequiredService<IDocumentStore>(), "asset-norms",
            "the jurisdictions' device norms, bandwidth norm and price list (AssetNormsView documents)",
            [typeof(DeviceNormSet), typeof(DeviceNormRemoved), typeof(BandwidthNormSet), typeof(DevicePriceSet)], s => s.Id, s => s.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<PurchaseProposalView>(sp.GetRequiredService<IDocumentStore>(),
            "purchase-proposals", "saved purchase proposals (PurchaseProposalView documents)",
            [typeof(PurchaseProposalSaved), typeof(PurchaseProposalSentToBudget), typeof(PurchaseProposalFunded)], s => s.Id, s => s.Version, [],
                []));
        return services;
    }

    /// <summary>The columns duplicated out of a device document (kept in step with <see cref="ConfigureAssets(StoreOptions)"/>).</summary>
    internal static readonly (string, NpgsqlTypes.NpgsqlDbType, Func<DeviceView, object?>)[] DeviceColumns =
    [
        ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, d => d.SchoolId),
    ];

    internal static readonly (string, NpgsqlTypes.NpgsqlDbType, Func<SchoolInfrastructureView, object?>)[] InfrastructureColumns =
    [
        ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, s => s.SchoolId),
    ];

    public static StoreOptions ConfigureAssets(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        foreach (var (name, type) in AssetFactsReadModel.Types) options.Events.MapEventType(type, name);
        options.Events.MapEventType<OutageReported>("assets.outage_reported");
        options.Events.MapEventType<OutageEnded>("assets.outage_ended");
        options.Events.MapEventType<DeviceNormSet>("assets.device_norm_set");
        options.Events.MapEventType<DeviceNormRemoved>("assets.device_norm_removed");
        options.Events.MapEventType<BandwidthNormSet>("assets.bandwidth_norm_set");
        options.Events.MapEventType<DevicePriceSet>("assets.device_price_set");
        options.Events.MapEventType<PurchaseProposalSaved>("assets.purchase_proposal_saved");
        options.Events.MapEventType<PurchaseProposalSentToBudget>("assets.purchase_proposal_sent_to_budget");
        options.Events.MapEventType<PurchaseProposalFunded>("assets.purchase_proposal_funded");

        options.Projections.Add<DeviceProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<SchoolInfrastructureProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<AssetNormsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PurchaseProposalProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new AssetFactsProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "asset_facts");
        options.Storage.ExtendedSchemaObjects.AddRange(AssetFactsTables.All(options.DatabaseSchemaName));
        // A school's devices and its infrastructure are read by school.
        options.Schema.For<DeviceView>().Duplicate(x => x.SchoolId);
        options.Schema.For<SchoolInfrastructureView>().Duplicate(x => x.SchoolId);
        options.Schema.For<Schools.AssetsSchool>();
        options.Schema.For<PurchaseProposalView>();
        ImportRows.Register(options);
        ImportQueue.Register(options);
        options.Schema.For<DeviceImport>();
        return options;
    }

    public static WolverineOptions ConfigureAssets(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(AssetsModule).Assembly);
        return options;
    }

    private sealed class AssetsGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query)
        {
            AssetsFields.AddQueries(query);
            DeviceImportReviewFields.AddQueries(query);
        }

        public void AddMutationFields(ObjectGraphType mutation)
        {
            AssetsFields.AddMutations(mutation);
            DeviceImportReviewFields.AddMutations(mutation);
        }

        public void AddSubscriptionFields(ObjectGraphType subscription) => AssetsFields.AddSubscriptions(subscription);
    }

    /// <summary>
    /// Norms and proposals are public within the jurisdiction; a school's infrastructure and devices go with whether the caller
    /// sees the school.
    /// </summary>
    private sealed class AssetsStreamVisibility(IDocumentStore store) : IStreamVisibility
    {
        public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
        {
            if (streamId == AssetNormsView.IdFor(caller.Jurisdiction)) return true;
            await using var session = store.QuerySession(caller.Jurisdiction);
            if (await session.LoadAsync<PurchaseProposalView>(streamId, ct) is not null) return caller.IsMinistry;
            // A device's history names the learners it was loaned to: not for teachers, and, once it moved, the ministry's alone
            // (the receiving school does not read the sending school's loans).
            if (await session.LoadAsync<DeviceView>(streamId, ct) is { } device)
            {
                return caller.IsMinistry || (caller.Role is not Roles.Teacher && device.FormerSchoolIds.Count == 0
                    && caller.CanSeeSchool(device.Municipality, device.SchoolCode));
            }
            if (await session.LoadAsync<SchoolInfrastructureView>(streamId, ct) is { } school) return caller.CanSeeSchool(school.Municipality,
                school.SchoolCode);
            return null;
        }
    }
}
