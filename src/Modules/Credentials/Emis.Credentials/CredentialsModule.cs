using Emis.Credentials.Accounts;
using Emis.Credentials.Accounts.AuditingAccounts;
using Emis.Credentials.Accounts.ErasingAccounts;
using Emis.Credentials.Accounts.ExportingSds;
using Emis.Credentials.Accounts.FindingAccounts;
using Emis.Credentials.Accounts.GettingAccounts;
using Emis.Credentials.Accounts.IssueAccounts;
using Emis.Credentials.Accounts.ProvisionAccounts;
using Emis.Credentials.Contracts;
using Emis.Credentials.Diplomas;
using Emis.Credentials.PublicEvents;
using Emis.Credentials.Schools;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.Privacy;
using Emis.Platform.ReadModels;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Emis.Credentials;

/// <summary>
/// EduIDs and accounts, their provisioning in Microsoft 365, the School Data Sync export, and verifiable diplomas: everything the
/// host needs to compose it.
/// </summary>
public static class CredentialsModule
{
    /// <summary>The durable local queue provisioning messages wait in.</summary>
    public const string ProvisioningQueue = "credentials-provisioning";

    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CredentialsSettings>();
        services.AddSingleton<AccountLedger>();
        services.AddSingleton<IAccountLedger>(sp => sp.GetRequiredService<AccountLedger>());
        services.AddSingleton<IAccountDirectory, AccountDirectory>();
        services.AddSingleton<GraphProvisioner>();
        services.AddSingleton<AccountQueries>();
        services.AddSingleton<SdsExport>();
        services.AddSingleton<IGraphQLModule, CredentialsGraphQL>();
        services.AddSingleton<IPersonalDataHolder, AccountPersonalData>();
        services.AddSingleton(sp => CredentialsPublicEvents.Map(sp.GetRequiredService<DiplomaSettings>()));
        services.AddSingleton<IStreamVisibility, AccountStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton(sp => AccountReadModel.Create(sp.GetRequiredService<IDocumentStore>()));

        // Diplomas (adr/0034): W3C verifiable credentials, did:web issuers, Bitstring Status List revocation.
        services.AddSingleton<DiplomaSettings>();
        services.AddSingleton<IssuerKeys>();
        services.AddSingleton<CredentialDocuments>();
        services.AddSingleton<DiplomaDrafting>();
        services.AddSingleton<DiplomaIssuance>();
        services.AddSingleton<PublicCredentials>();
        services.AddCommandPoliciesFrom<DiplomaView>();
        services.AddValidatorsFrom<DiplomaView>();
        services.AddSingleton<IObjectTypeExtension, LearnerDiplomasField>();
        services.AddSingleton<IPersonalDataHolder, DiplomaPersonalData>();
        services.AddSingleton<IStreamVisibility, DiplomaStreamVisibility>();
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<DiplomaView>(sp.GetRequiredService<IDocumentStore>(), "diplomas",
            "diploma drafts, issued and revoked diplomas with their credentials (DiplomaView documents)",
            [typeof(DiplomaDrafted), typeof(DiplomaRedrafted), typeof(DiplomaIssued), typeof(DiplomaRevoked)], d => d.Id, d => d.Version,
            [
                ("learner_id", NpgsqlTypes.NpgsqlDbType.Uuid, d => d.LearnerId),
                ("section_id", NpgsqlTypes.NpgsqlDbType.Uuid, d => d.SectionId),
                ("school_code", NpgsqlTypes.NpgsqlDbType.Varchar, d => d.SchoolCode),
                ("school_year", NpgsqlTypes.NpgsqlDbType.Varchar, d => d.SchoolYear),
                ("status_list", NpgsqlTypes.NpgsqlDbType.Varchar, d => d.StatusList),
            ], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<IssuerView>(sp.GetRequiredService<IDocumentStore>(), "diploma-issuers",
            "the jurisdictions' diploma issuers and their public keys (IssuerView documents)", [typeof(IssuerKeyAdded)], i => i.Id,
            i => i.Version, [], []));
        return services;
    }

    public static StoreOptions ConfigureCredentials(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<AccountIssued>("credentials.account_issued");
        options.Events.MapEventType<AccountProvisioned>("credentials.account_provisioned");
        options.Events.MapEventType<AccountProvisioningFailed>("credentials.account_provisioning_failed");
        options.Events.MapEventType<AccountRetired>("credentials.account_retired");
        options.Events.MapEventType<AccountDisabled>("credentials.account_disabled");
        options.Events.MapEventType<AccountDisablingFailed>("credentials.account_disabling_failed");
        options.Events.MapEventType<DiplomaDrafted>("credentials.diploma_drafted");
        options.Events.MapEventType<DiplomaRedrafted>("credentials.diploma_redrafted");
        options.Events.MapEventType<DiplomaIssued>("credentials.diploma_issued");
        options.Events.MapEventType<DiplomaRevoked>("credentials.diploma_revoked");
        options.Events.MapEventType<IssuerKeyAdded>("credentials.issuer_key_added");

        options.Projections.Add<AccountProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Account>()
            .StartIndexesByTenantId()
            .Duplicate(x => x.SchoolCode)
            .Duplicate(x => x.SchoolId)
            .Duplicate(x => x.Username)
            // Account lists are read per school in name order; the export reads a whole jurisdiction in the same order.
            .Index([x => x.SchoolCode, x => x.Username, x => x.Id]);
        options.Schema.For<CredentialsSchool>();
        options.Storage.ExtendedSchemaObjects.Add(IdentifierTable.Definition(options.DatabaseSchemaName));

        options.Projections.Add<DiplomaProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<IssuerProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<DiplomaView>()
            .StartIndexesByTenantId()
            .Duplicate(x => x.LearnerId)
            .Duplicate(x => x.SectionId)
            .Duplicate(x => x.SchoolCode)
            .Duplicate(x => x.SchoolYear)
            .Duplicate(x => x.StatusList);
        options.Schema.For<IssuerView>();
        options.Storage.ExtendedSchemaObjects.Add(IssuerKeys.Definition(options.DatabaseSchemaName));
        return options;
    }

    public static WolverineOptions ConfigureCredentials(this WolverineOptions options, IConfiguration configuration)
    {
        options.Discovery.IncludeAssembly(typeof(CredentialsModule).Assembly);
        // Provisioning calls Microsoft Graph for every account: its own durable local queue (durable through the host's
        // policy), with a bounded number of batches at once per node so that the tenant's throttling limits are respected.
        var parallelism = new CredentialsSettings(configuration).Graph.Parallelism;
        options.PublishMessage<ProvisionAccounts>().ToLocalQueue(ProvisioningQueue).MaximumParallelMessages(parallelism);
        // Disabling the users of retired accounts shares the queue: the same tenant's limits.
        options.PublishMessage<Accounts.RetiringAccounts.DisableAccounts>().ToLocalQueue(ProvisioningQueue);
        return options;
    }

    private sealed class CredentialsGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query)
        {
            AccountQueryFields.Add(query);
            DiplomaFields.AddQueries(query);
        }

        // Accounts are issued by the imports that register people; the mutations are diplomas'.
        public void AddMutationFields(ObjectGraphType mutation) => DiplomaFields.AddMutations(mutation);

        public void AddSubscriptionFields(ObjectGraphType subscription)
        {
        }
    }
}
