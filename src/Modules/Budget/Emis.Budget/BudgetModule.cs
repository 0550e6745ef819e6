using Emis.Budget.Accounts;
using Emis.Budget.Accounts.ImportingTreasury;
using Emis.Budget.Chart;
using Emis.Budget.Figures;
using Emis.Budget.FiscalYears;
using Emis.Budget.PublicEvents;
using Emis.Budget.Requests;
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

namespace Emis.Budget;

/// <summary>Fiscal years, the budget chart, plans, amendments, commitments, payments, budget requests and figures: everything the host
/// needs to compose Budget.</summary>
public static class BudgetModule
{
    public static IServiceCollection AddBudget(this IServiceCollection services)
    {
        services.AddValidatorsFrom<BudgetAccountView>();
        services.AddCommandPoliciesFrom<BudgetAccountView>();
        services.AddSingleton<LedgerEntries>();
        services.AddSingleton<BudgetFiguresQueries>();
        services.AddSingleton<BudgetEntriesQuery>();
        services.AddSingleton<BudgetFiguresFeed>();
        // The treasury import (adr/0033) runs on the platform's import pipeline.
        services.TryAddSingleton<ImportRows>();
        services.TryAddSingleton<ImportQueue>();
        services.TryAddSingleton<ImportRunner>();
        services.AddSingleton<TreasuryImporter>();
        services.AddSingleton<IGraphQLModule, BudgetGraphQL>();
        services.AddSingleton(BudgetPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, BudgetStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel, BudgetLedgerReadModel>();
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<BudgetAccountView>(sp.GetRequiredService<IDocumentStore>(), "budget-accounts",
            "every budget account's totals as they stand (BudgetAccountView documents)",
            [typeof(BudgetAccountOpened), typeof(BudgetPlanned), typeof(BudgetAmended), typeof(CommitmentRecorded), typeof(PaymentRecorded),
                typeof(EntryReversed)], a => a.Id, a => a.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<FiscalYearView>(sp.GetRequiredService<IDocumentStore>(), "fiscal-years",
            "the jurisdictions' fiscal years (FiscalYearView documents)", [typeof(FiscalYearOpened), typeof(FiscalYearClosed)], y => y.Id,
            y => y.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<BudgetChartView>(sp.GetRequiredService<IDocumentStore>(), "budget-chart",
            "the jurisdictions' budget lines and funding sources (BudgetChartView documents)", [typeof(BudgetLineDefined),
                typeof(FundingSourceDefined)],
            c => c.Id, c => c.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<BudgetRequestView>(sp.GetRequiredService<IDocumentStore>(), "budget-requests",
            "budget requests from purchase proposals and their decisions (BudgetRequestView documents)",
            [typeof(BudgetRequestReceived), typeof(BudgetRequestApproved), typeof(BudgetRequestRejected)], r => r.Id, r => r.Version, [], []));
        return services;
    }

    public static StoreOptions ConfigureBudget(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        foreach (var (name, type) in BudgetLedgerReadModel.Types) options.Events.MapEventType(type, name);
        options.Events.MapEventType<FiscalYearOpened>("budget.fiscal_year_opened");
        options.Events.MapEventType<FiscalYearClosed>("budget.fiscal_year_closed");
        options.Events.MapEventType<BudgetLineDefined>("budget.line_defined");
        options.Events.MapEventType<FundingSourceDefined>("budget.funding_source_defined");
        options.Events.MapEventType<BudgetRequestReceived>("budget.request_received");
        options.Events.MapEventType<BudgetRequestApproved>("budget.request_approved");
        options.Events.MapEventType<BudgetRequestRejected>("budget.request_rejected");

        options.Projections.Add<BudgetAccountProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<FiscalYearProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<BudgetChartProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<BudgetRequestProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new BudgetLedgerProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "budget_ledger");
        options.Storage.ExtendedSchemaObjects.AddRange(BudgetLedgerTables.All(options.DatabaseSchemaName));
        options.Schema.For<BudgetAccountView>();
        options.Schema.For<Schools.BudgetSchool>();
        ImportRows.Register(options);
        ImportQueue.Register(options);
        options.Schema.For<TreasuryImport>();
        return options;
    }

    public static WolverineOptions ConfigureBudget(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(BudgetModule).Assembly);
        return options;
    }

    private sealed class BudgetGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query) => BudgetFields.AddQueries(query);

        public void AddMutationFields(ObjectGraphType mutation) => BudgetFields.AddMutations(mutation);

        public void AddSubscriptionFields(ObjectGraphType subscription) => BudgetFields.AddSubscriptions(subscription);
    }

    /// <summary>
    /// Fiscal years and the chart are public within the jurisdiction; an account's history goes with whether the caller reads its entries
    /// and sees its holder; budget requests are the ministry's.
    /// </summary>
    private sealed class BudgetStreamVisibility(IDocumentStore store) : IStreamVisibility
    {
        public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
        {
            if (streamId == BudgetChartView.IdFor(caller.Jurisdiction)) return true;
            await using var session = store.QuerySession(caller.Jurisdiction);
            if (await session.LoadAsync<BudgetAccountView>(streamId, ct) is { } account)
            {
                return BudgetAccess.ReadsEntries(caller) && BudgetAccess.Sees(caller, account.Holder);
            }
            if (await session.LoadAsync<FiscalYearView>(streamId, ct) is not null) return true;
            if (await session.LoadAsync<BudgetRequestView>(streamId, ct) is not null) return caller.IsMinistry;
            return null;
        }
    }
}
