using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.Figures;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Budget;

public sealed class BudgetHolderKindGraphType : EnumerationGraphType<HolderKind>
{
    public BudgetHolderKindGraphType() => Name = "BudgetHolderKind";
}

public sealed class BudgetEntryKindGraphType : EnumerationGraphType<EntryKind>
{
    public BudgetEntryKindGraphType() => Name = "BudgetEntryKind";
}

public sealed class AmendmentKindGraphType : EnumerationGraphType<AmendmentKind>
{
    public AmendmentKindGraphType() => Name = "BudgetAmendmentKind";
}

public sealed class PayeeCategoryGraphType : EnumerationGraphType<PayeeCategory>
{
    public PayeeCategoryGraphType() => Name = "PayeeCategory";
}

public sealed class EconomicCategoryGraphType : EnumerationGraphType<EconomicCategory>
{
    public EconomicCategoryGraphType() => Name = "EconomicCategory";
}

public sealed class FundingKindGraphType : EnumerationGraphType<FundingKind>
{
    public FundingKindGraphType() => Name = "FundingKind";
}

public sealed class BudgetDimensionGraphType : EnumerationGraphType<BudgetDimension>
{
    public BudgetDimensionGraphType() => Name = "BudgetDimension";
}

public sealed class BudgetRequestStatusGraphType : EnumerationGraphType<RequestStatus>
{
    public BudgetRequestStatusGraphType() => Name = "BudgetRequestStatus";
}

public sealed class FiscalYearGraphType : ObjectGraphType<FiscalYearView>
{
    public FiscalYearGraphType()
    {
        Name = "FiscalYear";
        Field(x => x.Year);
        Field(x => x.Currency).Description("ISO 4217: every amount of the year is in it.");
        Field(x => x.StartsOn, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.EndsOn, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.Closed).Description("A closed year accepts only corrections (ministry admin, with a reason).");
        Field(x => x.ClosedReason, nullable: true);
        Field(x => x.ClosedOn, type: typeof(DateOnlyGraphType));
    }
}

public sealed class BudgetLineGraphType : ObjectGraphType<BudgetLine>
{
    public BudgetLineGraphType()
    {
        Name = "BudgetLine";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Category, type: typeof(NonNullGraphType<EconomicCategoryGraphType>));
        Field(x => x.Programme, nullable: true);
    }
}

public sealed class FundingSourceGraphType : ObjectGraphType<FundingSource>
{
    public FundingSourceGraphType()
    {
        Name = "FundingSource";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Kind, type: typeof(NonNullGraphType<FundingKindGraphType>));
    }
}

public sealed class BudgetChartGraphType : ObjectGraphType<BudgetChartView>
{
    public BudgetChartGraphType()
    {
        Name = "BudgetChart";
        Field(x => x.Lines, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<BudgetLineGraphType>>>));
        Field(x => x.Sources, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<FundingSourceGraphType>>>));
    }
}

public sealed class BudgetHolderGraphType : ObjectGraphType<BudgetHolder>
{
    public BudgetHolderGraphType()
    {
        Name = "BudgetHolder";
        Field(x => x.Kind, type: typeof(NonNullGraphType<BudgetHolderKindGraphType>));
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Level, nullable: true);
    }
}

public sealed class BudgetAccountGraphType : ObjectGraphType<BudgetAccountView>
{
    public BudgetAccountGraphType()
    {
        Name = "BudgetAccount";
        Description = "One fiscal year's money of one holder on one budget line from one funding source, as it stands.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.FiscalYear);
        Field(x => x.Holder, type: typeof(NonNullGraphType<BudgetHolderGraphType>));
        Field(x => x.Line);
        Field(x => x.Category, type: typeof(NonNullGraphType<EconomicCategoryGraphType>));
        Field(x => x.Source);
        Field(x => x.Currency);
        Field(x => x.Planned);
        Field(x => x.Amended);
        Field(x => x.Budget).Description("Planned + amended.");
        Field(x => x.Committed);
        Field(x => x.Spent);
        Field(x => x.Outstanding).Description("Committed and not paid yet.");
        Field(x => x.Available).Description("Budget − committed − paid without a commitment (below 0 only by recorded overrides).");
        Field(x => x.Overrides);
    }
}

public sealed class BudgetEntryGraphType : ObjectGraphType<BudgetEntryRow>
{
    public BudgetEntryGraphType()
    {
        Name = "BudgetEntry";
        Description = "An entry of the ledger. reference, payee and description are withheld from analysts.";
        Field(x => x.EntryId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.AccountId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(NonNullGraphType<BudgetEntryKindGraphType>)).Description("What it changes (a reversal: what it reverses).");
        Field(x => x.Reversal);
        Field(x => x.Reverses, type: typeof(IdGraphType));
        Field(x => x.CommitmentId, type: typeof(IdGraphType));
        Field(x => x.Amount).Description("Signed: a reversal is of the opposite sign.");
        Field(x => x.On, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.Reference, nullable: true);
        Field(x => x.PayeeCategory, type: typeof(PayeeCategoryGraphType));
        Field(x => x.Payee, nullable: true);
        Field(x => x.Description, nullable: true);
        Field(x => x.Overridden);
        Field(x => x.Sequence);
        Field(x => x.Holder, type: typeof(NonNullGraphType<BudgetHolderKindGraphType>));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Line);
        Field(x => x.Source);
    }
}

public sealed class BudgetFiguresRowGraphType : ObjectGraphType<BudgetFiguresRow>
{
    public BudgetFiguresRowGraphType()
    {
        Name = "BudgetFiguresRow";
        Field(x => x.Municipality, nullable: true).Description("Null: the ministry's central money, or not grouped by municipality.");
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Level, nullable: true);
        Field(x => x.Holder, type: typeof(BudgetHolderKindGraphType));
        Field(x => x.Line, nullable: true);
        Field(x => x.Category, type: typeof(EconomicCategoryGraphType));
        Field(x => x.Source, nullable: true);
        Field(x => x.Month, nullable: true).Description("yyyy-MM of the entries' dates.");
        Field(x => x.Planned);
        Field(x => x.Amended);
        Field(x => x.Budget);
        Field(x => x.Committed);
        Field(x => x.Spent);
        Field(x => x.Outstanding);
        Field(x => x.Available);
        Field(x => x.ExecutionRate, type: typeof(NonNullGraphType<FigureGraphType>)).Description("100 × spent ÷ budget.");
        Field(x => x.Learners, nullable: true).Description("Learners enrolled in the schools the group covers (null when it covers none).");
        Field(x => x.ExpenditurePerLearner, type: typeof(NonNullGraphType<FigureGraphType>)).Description("Spent ÷ learners (UIS).");
        Field(x => x.CapitalIctShare, type: typeof(NonNullGraphType<FigureGraphType>)).Description("100 × spent on capital/ICT lines ÷ spent.");
        Field(x => x.Overrides).Description("Entries recorded beyond what their line had available (ministry overrides).");
    }
}

public sealed class BudgetFiguresGraphType : ObjectGraphType<BudgetFiguresAnswer>
{
    public BudgetFiguresGraphType()
    {
        Name = "BudgetFigures";
        Field(x => x.FiscalYear);
        Field(x => x.Currency);
        Field(x => x.AsOf, nullable: true);
        Field(x => x.Sequence).Description("The event sequence number the money was summed at.");
        Field(x => x.EnrolmentSchoolYear).Description("Whose learners the per-learner figures divide by.");
        Field(x => x.EnrolmentSequence).Description("The event sequence number the learners were counted at.");
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<BudgetFiguresRowGraphType>>>));
    }
}

public sealed class RequestItemGraphType : ObjectGraphType<RequestItem>
{
    public RequestItemGraphType()
    {
        Name = "BudgetRequestItem";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.DeviceType);
        Field(x => x.Quantity);
        Field(x => x.UnitPrice);
        Field(x => x.Amount);
    }
}

public sealed class BudgetRequestGraphType : ObjectGraphType<BudgetRequestView>
{
    public BudgetRequestGraphType()
    {
        Name = "BudgetRequest";
        Description = "A purchase proposal from Assets as a budget request, and what the ministry funded of it.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ProposalId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.SchoolYear);
        Field(x => x.Sequence).Description("The event sequence number the proposal was computed at.");
        Field(x => x.Currency);
        Field(x => x.Total);
        Field(x => x.Items, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RequestItemGraphType>>>));
        Field(x => x.SubmittedAt);
        Field(x => x.Status, type: typeof(NonNullGraphType<BudgetRequestStatusGraphType>));
        Field(x => x.FiscalYear, nullable: true);
        Field(x => x.AccountId, type: typeof(IdGraphType)).Description("The central capital/ICT account the allocation went to.");
        Field(x => x.Line, nullable: true);
        Field(x => x.Source, nullable: true);
        Field(x => x.Funded, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RequestItemGraphType>>>));
        Field(x => x.Approved).Description("The amount allocated.");
        Field(x => x.Act, nullable: true);
        Field(x => x.Reason, nullable: true);
        Field(x => x.DecidedAt, nullable: true);
    }
}

public sealed record FiscalYearPayload(FiscalYearView? FiscalYear, IReadOnlyList<UserError> Errors) : IMutationPayload<FiscalYearPayload>
{
    public static FiscalYearPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class FiscalYearPayloadGraphType : ObjectGraphType<FiscalYearPayload>
{
    public FiscalYearPayloadGraphType()
    {
        Name = "FiscalYearPayload";
        Field(x => x.FiscalYear, type: typeof(FiscalYearGraphType));
        this.ErrorsField();
    }
}

public sealed record BudgetChartPayload(BudgetChartView? Chart, IReadOnlyList<UserError> Errors) : IMutationPayload<BudgetChartPayload>
{
    public static BudgetChartPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class BudgetChartPayloadGraphType : ObjectGraphType<BudgetChartPayload>
{
    public BudgetChartPayloadGraphType()
    {
        Name = "BudgetChartPayload";
        Field(x => x.Chart, type: typeof(BudgetChartGraphType));
        this.ErrorsField();
    }
}

/// <summary>What a budget mutation recorded: its entries' ids and the accounts as they stand after it.</summary>
public sealed record BudgetEntriesPayload(IReadOnlyList<Guid> EntryIds, IReadOnlyList<BudgetAccountView> Accounts, IReadOnlyList<UserError> Errors)
    : IMutationPayload<BudgetEntriesPayload>
{
    public static BudgetEntriesPayload Refused(IReadOnlyList<UserError> errors) => new([], [], errors);
}

public sealed class BudgetEntriesPayloadGraphType : ObjectGraphType<BudgetEntriesPayload>
{
    public BudgetEntriesPayloadGraphType()
    {
        Name = "BudgetEntriesPayload";
        Field(x => x.EntryIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>));
        Field(x => x.Accounts, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<BudgetAccountGraphType>>>));
        this.ErrorsField();
    }
}

public sealed record BudgetRequestPayload(BudgetRequestView? Request, IReadOnlyList<UserError> Errors) : IMutationPayload<BudgetRequestPayload>
{
    public static BudgetRequestPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class BudgetRequestPayloadGraphType : ObjectGraphType<BudgetRequestPayload>
{
    public BudgetRequestPayloadGraphType()
    {
        Name = "BudgetRequestPayload";
        Field(x => x.Request, type: typeof(BudgetRequestGraphType));
        this.ErrorsField();
    }
}

public sealed record ReceivedRequestsPayload(int Received, IReadOnlyList<UserError> Errors) : IMutationPayload<ReceivedRequestsPayload>
{
    public static ReceivedRequestsPayload Refused(IReadOnlyList<UserError> errors) => new(0, errors);
}

public sealed class ReceivedRequestsPayloadGraphType : ObjectGraphType<ReceivedRequestsPayload>
{
    public ReceivedRequestsPayloadGraphType()
    {
        Name = "ReceivedRequestsPayload";
        Field(x => x.Received).Description("Requests received now (0 when every proposal sent was received already).");
        this.ErrorsField();
    }
}
