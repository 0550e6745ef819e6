using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.Figures;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Budget;

internal static class BudgetFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<FiscalYearGraphType>>>>("fiscalYears")
            .Description("The jurisdiction's fiscal years, newest first.")
            .ResolveAsync(async c =>
            {
                await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
                return (await session.Query<FiscalYearView>().ToListAsync(c.CancellationToken)).OrderByDescending(y => y.Year).ToList();
            });

        query.Field<BudgetChartGraphType>("budgetChart")
            .Description("The jurisdiction's budget lines and funding sources (null before the ministry defines any).")
            .ResolveAsync(async c => await LoadAsync<BudgetChartView>(c, BudgetChartView.IdFor(c.Caller().Jurisdiction)));

        query.Field<NonNullGraphType<ConnectionGraphType<BudgetAccountGraphType, BudgetAccountView>>>("budgetAccounts")
            .Description(
                "A fiscal year's accounts as they stand (holder × line × source), within your scope; partners and teachers see figures only.")
            .Argument<NonNullGraphType<IntGraphType>>("fiscalYear")
            .Argument<BudgetFiguresFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                if (!BudgetAccess.ReadsEntries(caller)) return new Page<BudgetAccountView>([], offset, 0);
                var year = c.GetArgument<int>("fiscalYear");
                var filter = c.GetArgument<BudgetFiguresFilter?>("filter") ?? BudgetFiguresFilter.None;
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var all = (await session.Query<BudgetAccountView>().Where(a => a.FiscalYear == year).ToListAsync(c.CancellationToken))
                    .Where(a => BudgetAccess.Sees(caller, a.Holder) && Matches(a, filter))
                    .OrderBy(a => a.Holder.Kind).ThenBy(a => a.Holder.Municipality, StringComparer.Ordinal)
                    .ThenBy(a => a.Holder.SchoolCode, StringComparer.Ordinal).ThenBy(a => a.Line, StringComparer.Ordinal)
                    .ThenBy(a => a.Source, StringComparer.Ordinal).ToList();
                return new Page<BudgetAccountView>([.. all.Skip(offset).Take(first)], offset, all.Count);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<BudgetEntryGraphType, BudgetEntryRow>>>("budgetEntries")
            .Description("A fiscal year's entries, newest first, within your scope (analysts without payees or document numbers; partners none).")
            .Argument<NonNullGraphType<IntGraphType>>("fiscalYear")
            .Argument<BudgetEntriesFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                var (rows, total) = await c.RequestServices!.GetRequiredService<BudgetEntriesQuery>().ListAsync(c.Caller(),
                    c.GetArgument<int>("fiscalYear"), c.GetArgument<BudgetEntriesFilter?>("filter") ?? new BudgetEntriesFilter(), offset, first,
                    c.CancellationToken);
                return new Page<BudgetEntryRow>(rows, offset, total);
            });

        query.Field<BudgetFiguresGraphType>("budgetFigures")
            .Description("Planned, amended, committed, spent and available money, execution rate, expenditure per learner and the capital/ICT "
                + "share, within your scope, grouped as asked; with asOf, asOfSequence or checkpoint as they were then (adr/0032). Null when the "
                + "fiscal year is not open.")
            .Argument<NonNullGraphType<IntGraphType>>("fiscalYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<BudgetDimensionGraphType>>>>("groupBy")
            .Argument<BudgetFiguresFilterGraphType>("filter")
            .Argument<StringGraphType>("schoolYear", "Whose learners to divide by (the school year of the fiscal year's first day unless given).")
            .TimeTravelArguments()
            .ResolveAsync(async c =>
            {
                var (asOf, sequence) = await FigureArguments.ResolveAsync(c);
                return await c.RequestServices!.GetRequiredService<BudgetFiguresQueries>().FiguresAsync(c.Caller(), c.GetArgument<int>("fiscalYear"),
                    c.GetArgument<List<BudgetDimension>>("groupBy") ?? [], c.GetArgument<BudgetFiguresFilter?>("filter") ?? BudgetFiguresFilter.None,
                    SchoolYearArgument(c), asOf, sequence, c.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<BudgetRequestGraphType, BudgetRequestView>>>("budgetRequests")
            .Description("Budget requests from Assets' purchase proposals, newest first (the ministry).")
            .Argument<BudgetRequestStatusGraphType>("status")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                if (!caller.IsMinistry) return new Page<BudgetRequestView>([], offset, 0);
                var status = c.GetArgument<RequestStatus?>("status");
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var all = (await session.Query<BudgetRequestView>().ToListAsync(c.CancellationToken))
                    .Where(r => status is null || r.Status == status).OrderByDescending(r => r.SubmittedAt).ToList();
                return new Page<BudgetRequestView>([.. all.Skip(offset).Take(first)], offset, all.Count);
            });

        query.Field<BudgetRequestGraphType>("budgetRequest")
            .Description("A budget request by its id, or by the purchase proposal it came from (the ministry).")
            .Argument<IdGraphType>("id")
            .Argument<IdGraphType>("proposalId")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.GetArgument<Guid?>("id") ?? (c.GetArgument<Guid?>("proposalId") is { } proposal
                    ? BudgetRequestView.IdFor(caller.Jurisdiction, proposal)
                    : throw new ExecutionError("Give id or proposalId.") { Code = "INVALID_ARGUMENT" });
                return caller.IsMinistry ? await LoadAsync<BudgetRequestView>(c, id) : null;
            });
    }

    public static void AddSubscriptions(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<BudgetFiguresGraphType>, BudgetFiguresAnswer>("budgetFiguresChanged")
            .Description("Budget figures, live: first the figures, then the recomputed figures whenever money moves or enrolments change.")
            .Argument<NonNullGraphType<IntGraphType>>("fiscalYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<BudgetDimensionGraphType>>>>("groupBy")
            .Argument<BudgetFiguresFilterGraphType>("filter")
            .Argument<StringGraphType>("schoolYear")
            .ResolveStreamAsync(c => Task.FromResult<IObservable<BudgetFiguresAnswer?>>(c.RequestServices!.GetRequiredService<BudgetFiguresFeed>()
                .Watch(c.Caller(), c.GetArgument<int>("fiscalYear"), c.GetArgument<List<BudgetDimension>>("groupBy") ?? [],
                    c.GetArgument<BudgetFiguresFilter?>("filter") ?? BudgetFiguresFilter.None, SchoolYearArgument(c))));

    public static void AddMutations(ObjectGraphType mutation)
    {
        Year<OpenFiscalYear, OpenFiscalYearInputGraphType>(mutation, "openFiscalYear", x => x.Year,
            "Open a fiscal year in a currency (ministry admin).");
        Year<CloseFiscalYear, CloseFiscalYearInputGraphType>(mutation, "closeFiscalYear", x => x.Year,
            "Close a fiscal year with the reason: from then on only corrections by the ministry admin (ministry admin).");
        Chart<DefineBudgetLine, DefineBudgetLineInputGraphType>(mutation, "defineBudgetLine",
            "Define a budget line of the chart, or redefine one by its code: its name, economic category and programme (ministry admin).");
        Chart<DefineFundingSource, DefineFundingSourceInputGraphType>(mutation, "defineFundingSource",
            "Define a funding source, or redefine one by its code (ministry admin).");
        Entries<ApproveBudget, ApproveBudgetInputGraphType>(mutation, "approveBudget", x => x.Correction,
            "Approve a fiscal year's budget: its act and a line per holder, budget line and source (ministry admin).");
        Entries<AmendBudget, AmendBudgetInputGraphType>(mutation, "amendBudget", x => x.Reason,
            "Amend the budget: rebalance between lines, add a supplementary budget, or cut, with the act and the reason (ministry admin).");
        Entries<RecordCommitment, RecordCommitmentInputGraphType>(mutation, "recordCommitment", x => x.OverrideReason ?? x.Correction,
            "Record a purchase order or contract against a holder's line (whoever manages the holder); beyond what is available only with "
            + "the ministry admin's override.");
        Entries<RecordPayment, RecordPaymentInputGraphType>(mutation, "recordPayment", x => x.OverrideReason ?? x.Correction,
            "Record a payment against a commitment or directly against a holder's line (whoever manages the holder).");
        Entries<ReverseEntry, ReverseEntryInputGraphType>(mutation, "reverseEntry", x => x.Reason,
            "Reverse a commitment, a payment or a reversal, wholly or partly, with the reason: a new entry, never an edit.");
        Request<ApproveBudgetRequest, ApproveBudgetRequestInputGraphType>(mutation, "approveBudgetRequest", x => x.RequestId, x => x.Reason,
            "Approve a budget request fully, or partly naming the quantities funded: the money is allocated to a capital/ICT line, central "
            + "(ministry admin). Assets' proposal records what was funded.");
        Request<RejectBudgetRequest, RejectBudgetRequestInputGraphType>(mutation, "rejectBudgetRequest", x => x.RequestId, x => x.Reason,
            "Reject a budget request with the act and the reason (ministry admin).");
        ReceiveRequests(mutation);
    }

    private static void ReceiveRequests(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ReceivedRequestsPayloadGraphType>>("receivePurchaseRequests")
            .Description("Receive every purchase proposal Assets sent and Budget has not received yet (after deploying Budget; ministry admin).")
            .ResolveAsync(async c => await MutationRunner.RunAsync<ReceivePurchaseRequests, int, ReceivedRequestsPayload>(c,
                new ReceivePurchaseRequests(),
                received => Task.FromResult(new ReceivedRequestsPayload(received, []))));

    private static void Year<TCommand, TInput>(ObjectGraphType mutation, string name, Func<TCommand, int> year, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<FiscalYearPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<TCommand>("input");
                return await MutationRunner.RunAsync(c, command, async () =>
                    new FiscalYearPayload(await LoadAsync<FiscalYearView>(c, FiscalYearView.IdFor(c.Caller().Jurisdiction, year(command))), []));
            });

    private static void Chart<TCommand, TInput>(ObjectGraphType mutation, string name, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<BudgetChartPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c => await MutationRunner.RunAsync(c, c.GetArgument<TCommand>("input"),
                async () => new BudgetChartPayload(await LoadAsync<BudgetChartView>(c, BudgetChartView.IdFor(c.Caller().Jurisdiction)), [])));

    private static void Entries<TCommand, TInput>(ObjectGraphType mutation, string name, Func<TCommand, string?> reason, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<BudgetEntriesPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<TCommand>("input");
                return await MutationRunner.RunAsync<TCommand, Recorded, BudgetEntriesPayload>(c, command, async recorded =>
                {
                    await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
                    var accounts = await session.LoadManyAsync<BudgetAccountView>(c.CancellationToken, recorded!.AccountIds);
                    return new BudgetEntriesPayload(recorded.EntryIds, [.. accounts], []);
                }, reason(command));
            });

    private static void Request<TCommand, TInput>(ObjectGraphType mutation, string name, Func<TCommand, Guid> request, Func<TCommand, string?> reason,
        string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<BudgetRequestPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<TCommand>("input");
                return await MutationRunner.RunAsync<TCommand, Recorded, BudgetRequestPayload>(c, command,
                    async _ => new BudgetRequestPayload(await LoadAsync<BudgetRequestView>(c, request(command)), []), reason(command));
            });

    private static bool Matches(BudgetAccountView a, BudgetFiguresFilter f) =>
        (f.Municipality is null || string.Equals(a.Holder.Municipality, f.Municipality.Trim(), StringComparison.OrdinalIgnoreCase))
        && (f.SchoolId is null || a.Holder.SchoolId == f.SchoolId)
        && (f.Level is null || string.Equals(a.Holder.Level, f.Level.Trim(), StringComparison.OrdinalIgnoreCase))
        && (f.Holder is null || a.Holder.Kind == f.Holder)
        && (f.Line is null || a.Line == BudgetRules.Code(f.Line))
        && (f.Category is null || a.Category == f.Category)
        && (f.Source is null || a.Source == BudgetRules.Code(f.Source));

    private static string? SchoolYearArgument(IResolveFieldContext c)
    {
        var year = c.GetArgument<string?>("schoolYear");
        return year is null || Platform.Text.SchoolYear.IsValid(year) ? year
            : throw new ExecutionError($"schoolYear: '{year}' is not a school year; it is written like 2025/2026.") { Code = "INVALID_ARGUMENT" };
    }

    private static IDocumentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IDocumentStore>();

    private static async Task<T?> LoadAsync<T>(IResolveFieldContext c, Guid id) where T : notnull
    {
        await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
        return await session.LoadAsync<T>(id, c.CancellationToken);
    }
}
