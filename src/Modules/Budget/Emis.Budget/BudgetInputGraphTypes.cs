using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.Figures;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using GraphQL.Types;

namespace Emis.Budget;

// Every Budget mutation takes one `input`, the command itself (the API's convention). Amounts are Decimal: exact, never floating point.

public sealed class OpenFiscalYearInputGraphType : InputObjectGraphType<OpenFiscalYear>
{
    public OpenFiscalYearInputGraphType()
    {
        Name = "OpenFiscalYearInput";
        Field(x => x.Year);
        Field(x => x.Currency).Description("ISO 4217 (BAM, EUR): every amount of the year is in it.");
        Field(x => x.StartsOn, nullable: true).Description("1 January unless given.");
        Field(x => x.EndsOn, nullable: true).Description("A year after it starts, less a day, unless given.");
    }
}

public sealed class CloseFiscalYearInputGraphType : InputObjectGraphType<CloseFiscalYear>
{
    public CloseFiscalYearInputGraphType()
    {
        Name = "CloseFiscalYearInput";
        Field(x => x.Year);
        Field(x => x.Reason);
    }
}

public sealed class DefineBudgetLineInputGraphType : InputObjectGraphType<DefineBudgetLine>
{
    public DefineBudgetLineInputGraphType()
    {
        Name = "DefineBudgetLineInput";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Category, type: typeof(NonNullGraphType<EconomicCategoryGraphType>));
        Field(x => x.Programme, nullable: true);
    }
}

public sealed class DefineFundingSourceInputGraphType : InputObjectGraphType<DefineFundingSource>
{
    public DefineFundingSourceInputGraphType()
    {
        Name = "DefineFundingSourceInput";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Kind, type: typeof(NonNullGraphType<FundingKindGraphType>));
    }
}

public sealed class HolderInputGraphType : InputObjectGraphType<HolderInput>
{
    public HolderInputGraphType()
    {
        Name = "BudgetHolderInput";
        Description = "Exactly one of schoolId, municipality and central: true.";
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Central, nullable: true);
    }
}

public sealed class PlanLineInputGraphType : InputObjectGraphType<PlanLine>
{
    public PlanLineInputGraphType()
    {
        Name = "PlanLineInput";
        Field(x => x.Holder, type: typeof(NonNullGraphType<HolderInputGraphType>));
        Field(x => x.Line);
        Field(x => x.Source);
        Field(x => x.Amount);
    }
}

public sealed class ApproveBudgetInputGraphType : InputObjectGraphType<ApproveBudget>
{
    public ApproveBudgetInputGraphType()
    {
        Name = "ApproveBudgetInput";
        Field(x => x.FiscalYear);
        Field(x => x.Act).Description("The act that adopted the budget.");
        Field(x => x.Currency);
        Field(x => x.Lines, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<PlanLineInputGraphType>>>));
        Field(x => x.On, nullable: true);
        Field(x => x.Correction, nullable: true).Description("Why, when the year is closed (ministry admin).");
    }
}

public sealed class AmendmentLineInputGraphType : InputObjectGraphType<AmendmentLine>
{
    public AmendmentLineInputGraphType()
    {
        Name = "AmendmentLineInput";
        Field(x => x.Holder, type: typeof(NonNullGraphType<HolderInputGraphType>));
        Field(x => x.Line);
        Field(x => x.Source);
        Field(x => x.Amount).Description("Signed: more (> 0) or less (< 0).");
    }
}

public sealed class AmendBudgetInputGraphType : InputObjectGraphType<AmendBudget>
{
    public AmendBudgetInputGraphType()
    {
        Name = "AmendBudgetInput";
        Field(x => x.FiscalYear);
        Field(x => x.Kind, type: typeof(NonNullGraphType<AmendmentKindGraphType>));
        Field(x => x.Act).Description("The act that authorised the amendment.");
        Field(x => x.Reason);
        Field(x => x.Currency);
        Field(x => x.Changes, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AmendmentLineInputGraphType>>>));
        Field(x => x.On, nullable: true);
        Field(x => x.OverrideReason, nullable: true).Description("Allows a cut below what a line has available (ministry admin).");
        Field(x => x.Correction, nullable: true);
    }
}

public sealed class RecordCommitmentInputGraphType : InputObjectGraphType<RecordCommitment>
{
    public RecordCommitmentInputGraphType()
    {
        Name = "RecordCommitmentInput";
        Field(x => x.FiscalYear);
        Field(x => x.Holder, type: typeof(NonNullGraphType<HolderInputGraphType>));
        Field(x => x.Line);
        Field(x => x.Source);
        Field(x => x.Reference).Description("The purchase order's or contract's number (once per account).");
        Field(x => x.Amount);
        Field(x => x.Currency);
        Field(x => x.PayeeCategory, type: typeof(NonNullGraphType<PayeeCategoryGraphType>));
        Field(x => x.Payee, nullable: true).Description("The organisation (never a person; none for payroll).");
        Field(x => x.Description, nullable: true);
        Field(x => x.On, nullable: true).Description("Today unless given; a day of the fiscal year.");
        Field(x => x.RequestId, type: typeof(IdGraphType)).Description("The budget request the commitment buys for.");
        Field(x => x.OverrideReason, nullable: true).Description("Allows committing beyond what is available (ministry admin).");
        Field(x => x.Correction, nullable: true);
    }
}

public sealed class RecordPaymentInputGraphType : InputObjectGraphType<RecordPayment>
{
    public RecordPaymentInputGraphType()
    {
        Name = "RecordPaymentInput";
        Field(x => x.FiscalYear);
        Field(x => x.CommitmentId, type: typeof(IdGraphType)).Description("The commitment paid (part of); or give holder, line and source.");
        Field(x => x.Holder, type: typeof(HolderInputGraphType));
        Field(x => x.Line, nullable: true);
        Field(x => x.Source, nullable: true);
        Field(x => x.Reference).Description("The payment order's number (once per account).");
        Field(x => x.Amount);
        Field(x => x.Currency);
        Field(x => x.PayeeCategory, type: typeof(NonNullGraphType<PayeeCategoryGraphType>));
        Field(x => x.Payee, nullable: true);
        Field(x => x.Description, nullable: true);
        Field(x => x.On, nullable: true);
        Field(x => x.OverrideReason, nullable: true);
        Field(x => x.Correction, nullable: true);
    }
}

public sealed class ReverseEntryInputGraphType : InputObjectGraphType<ReverseEntry>
{
    public ReverseEntryInputGraphType()
    {
        Name = "ReverseEntryInput";
        Field(x => x.EntryId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reference, nullable: true).Description("The reversal's own document (a storno's number): sent again, it is DUPLICATE.");
        Field(x => x.Amount, nullable: true).Description("Part of it (wholly what stands of it unless given).");
        Field(x => x.Reason);
        Field(x => x.On, nullable: true);
        Field(x => x.OverrideReason, nullable: true);
        Field(x => x.Correction, nullable: true);
    }
}

public sealed class FundedQuantityInputGraphType : InputObjectGraphType<FundedQuantity>
{
    public FundedQuantityInputGraphType()
    {
        Name = "FundedQuantityInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.DeviceType).Description("As the request names it (LAPTOP, PROJECTOR, …).");
        Field(x => x.Quantity);
    }
}

public sealed class ApproveBudgetRequestInputGraphType : InputObjectGraphType<ApproveBudgetRequest>
{
    public ApproveBudgetRequestInputGraphType()
    {
        Name = "ApproveBudgetRequestInput";
        Field(x => x.RequestId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.FiscalYear);
        Field(x => x.Line).Description("A capital/ICT line of the chart.");
        Field(x => x.Source);
        Field(x => x.Act);
        Field(x => x.Items, type: typeof(ListGraphType<NonNullGraphType<FundedQuantityInputGraphType>>))
            .Description("Fund these quantities only (partly); the whole request unless given.");
        Field(x => x.Reason, nullable: true);
        Field(x => x.On, nullable: true);
    }
}

public sealed class RejectBudgetRequestInputGraphType : InputObjectGraphType<RejectBudgetRequest>
{
    public RejectBudgetRequestInputGraphType()
    {
        Name = "RejectBudgetRequestInput";
        Field(x => x.RequestId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Act);
        Field(x => x.Reason);
    }
}

public sealed class BudgetFiguresFilterGraphType : InputObjectGraphType<BudgetFiguresFilter>
{
    public BudgetFiguresFilterGraphType()
    {
        Name = "BudgetFiguresFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Level, nullable: true);
        Field(x => x.Holder, type: typeof(BudgetHolderKindGraphType));
        Field(x => x.Line, nullable: true);
        Field(x => x.Category, type: typeof(EconomicCategoryGraphType));
        Field(x => x.Source, nullable: true);
    }
}

public sealed class BudgetEntriesFilterGraphType : InputObjectGraphType<BudgetEntriesFilter>
{
    public BudgetEntriesFilterGraphType()
    {
        Name = "BudgetEntriesFilter";
        Field(x => x.AccountId, type: typeof(IdGraphType));
        Field(x => x.CommitmentId, type: typeof(IdGraphType));
        Field(x => x.Kind, type: typeof(BudgetEntryKindGraphType));
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Line, nullable: true);
        Field(x => x.Source, nullable: true);
        Field(x => x.Reference, nullable: true);
    }
}
