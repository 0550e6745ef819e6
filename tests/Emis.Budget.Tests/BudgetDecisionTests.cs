using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Requests;
using Emis.Platform.Commands;

namespace Emis.Budget.Tests;

/// <summary>Budget's decisions without a database: closed years, overspending, reversals of reversals, currencies, amounts.</summary>
public sealed class BudgetDecisionTests
{
    private static readonly BudgetLine Goods = new("613", "Goods and services", EconomicCategory.GoodsAndServices, null);
    private static readonly BudgetLine Ict = new("821", "Computers", EconomicCategory.CapitalIct, null);
    private static readonly FundingSource Ministry = new("MIN", "Ministry", FundingKind.Ministry);
    private static readonly DateOnly On = new(2026, 3, 1);

    private static AccountRef Target(BudgetLine? line = null) => AccountRef.For("j", 2026, BudgetHolder.CentralHolder, line ?? Goods, Ministry,
        "BAM");

    private static BudgetAccountView Account(decimal planned, decimal committed = 0, decimal spent = 0, decimal paidOnCommitments = 0) => new()
    {
        Id = Target().Id,
        FiscalYear = 2026,
        Line = "613",
        Source = "MIN",
        Currency = "BAM",
        Planned = planned,
        Committed = committed,
        Spent = spent,
        PaidOnCommitments = paidOnCommitments,
    };

    private static string Code(Action decide) => Assert.Throws<CommandRejectedException>(decide).Errors[0].Code;

    [Fact]
    public void a_commitment_within_what_is_available_needs_no_override_and_beyond_it_needs_one_that_is_recorded()
    {
        var account = Account(1_000m, committed: 400m);
        var fits = BudgetDecisions.Commit(account, Target(), false, "PO-1", 600m, PayeeCategory.Supplier, null, null, On, null, null, null);
        Assert.Null(((CommitmentRecorded)fits.Single()).Override);
        var refused = Assert.Throws<CommandRejectedException>(() =>
            BudgetDecisions.Commit(account, Target(), false, "PO-1", 600.01m, PayeeCategory.Supplier, null, null, On, null, null, null));
        Assert.Equal((ErrorCodes.RuleViolated, "amount"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Contains("0.01 BAM", refused.Errors[0].Message, StringComparison.Ordinal);
        var overridden = (CommitmentRecorded)BudgetDecisions.Commit(account, Target(), false, "PO-1", 700m, PayeeCategory.Supplier, null, null, On,
            null, "urgent repair", null).Single();
        Assert.Equal(new BudgetOverride("urgent repair", 600m), overridden.Override);
    }

    [Fact]
    public void the_first_entry_of_an_account_opens_it_and_an_unplanned_line_has_nothing_available()
    {
        var events = BudgetDecisions.Plan(null, Target(), 500m, "Budget 2026", On, null);
        Assert.IsType<BudgetAccountOpened>(events[0]);
        Assert.IsType<BudgetPlanned>(events[1]);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Pay(null, Target(), false, null, "PN-1", 1m, PayeeCategory.Utility, null,
            null, On, null, null)));
        Assert.Equal(ErrorCodes.Duplicate, Code(() => BudgetDecisions.Plan(Account(500m), Target(), 500m, "again", On, null)));
    }

    [Fact]
    public void a_payment_never_exceeds_what_its_commitment_has_outstanding_and_does_not_move_available()
    {
        var account = Account(1_000m, committed: 800m, spent: 300m, paidOnCommitments: 300m);
        var commitment = new CommitmentState(Guid.NewGuid(), account.Id, "PO-1", 800m, 300m);
        var paid = (PaymentRecorded)BudgetDecisions.Pay(account, Target(), false, commitment, "PN-2", 500m, PayeeCategory.Supplier, "Tehnoplus",
            null, On, null, null).Single();
        Assert.Equal(commitment.CommitmentId, paid.CommitmentId);
        Assert.Null(paid.Override);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Pay(account, Target(), false, commitment, "PN-2", 500.01m,
            PayeeCategory.Supplier, null, null, On, "override is no help here", null)));
    }

    [Fact]
    public void reversals_of_reversals_restore_and_need_an_override_when_the_money_is_gone()
    {
        // A commitment of 600 on a budget of 1,000, reversed; then 700 committed elsewhere on the line; restoring the 600 would overspend.
        var account = Account(1_000m, committed: 700m);
        var commitmentId = Guid.NewGuid();
        var reversal = new LedgerEntry(Guid.NewGuid(), account.Id, 2026, EntryKind.Commitment, commitmentId, commitmentId, -600m, 0m, null, On);
        var standing = new CommitmentState(commitmentId, account.Id, "PO-1", 0m, 0m);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Reverse(account, reversal, standing, Guid.NewGuid(), null, "restore", On,
            null, null)));
        var restored = BudgetDecisions.Reverse(account, reversal, standing, Guid.NewGuid(), null, "restore", On, "the order stands", null);
        Assert.Equal((600m, EntryKind.Commitment, commitmentId), (restored.Amount, restored.Kind, restored.CommitmentId));
        Assert.NotNull(restored.Override);
        // Wholly reversed already: nothing left to reverse.
        var spent = reversal with { Reversed = 600m };
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Reverse(account, spent, standing, Guid.NewGuid(), null, "again", On, "x",
            null)));
        // A partial reversal takes at most what stands.
        var payment = new LedgerEntry(Guid.NewGuid(), account.Id, 2026, EntryKind.Payment, null, null, 250m, -100m, "PN-1", On);
        Assert.Equal(-150m, BudgetDecisions.Reverse(account, payment, null, Guid.NewGuid(), null, "refund", On, null, null).Amount);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Reverse(account, payment, null, Guid.NewGuid(), 150.01m, "refund", On, null,
            null)));
        // Not before the entry it reverses.
        Assert.Equal(ErrorCodes.Invalid, Code(() => BudgetDecisions.Reverse(account, payment, null, Guid.NewGuid(), null, "refund", On.AddDays(-1),
            null, null)));
        // A plan is amended, not reversed.
        var plan = new LedgerEntry(Guid.NewGuid(), account.Id, 2026, EntryKind.Plan, null, null, 1_000m, 0m, null, On);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Reverse(account, plan, null, Guid.NewGuid(), null, "x", On, null, null)));
    }

    [Fact]
    public void a_commitment_keeps_what_was_paid_against_it()
    {
        var account = Account(1_000m, committed: 800m, spent: 500m, paidOnCommitments: 500m);
        var commitmentId = Guid.NewGuid();
        var entry = new LedgerEntry(commitmentId, account.Id, 2026, EntryKind.Commitment, commitmentId, null, 800m, 0m, "PO-1", On);
        var standing = new CommitmentState(commitmentId, account.Id, "PO-1", 800m, 500m);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetDecisions.Reverse(account, entry, standing, Guid.NewGuid(), null, "cancel", On, null,
            null)));
        Assert.Equal(-300m, BudgetDecisions.Reverse(account, entry, standing, Guid.NewGuid(), 300m, "rest cancelled", On, null, null).Amount);
    }

    [Theory]
    [InlineData(10.5, "EUR", "BAM", "currency")]
    [InlineData(10.005, "BAM", "BAM", "amount")]
    [InlineData(0, "BAM", "BAM", "amount")]
    [InlineData(-5, "BAM", "BAM", "amount")]
    [InlineData(1000000000000.01, "BAM", "BAM", "amount")]
    [InlineData(10.5, "JPY", "JPY", "amount")]
    [InlineData(10, "B4M", "BAM", "currency")]
    public void money_is_exact_in_the_years_currency_and_never_converted_or_rounded(double amount, string currency, string year, string field)
    {
        var error = Assert.Throws<CommandRejectedException>(() => Money.Check((decimal)amount, currency, year, "amount")).Errors[0];
        Assert.Equal((ErrorCodes.Invalid, field), (error.Code, error.Field));
    }

    [Fact]
    public void exact_amounts_pass_whatever_their_size_and_currency()
    {
        Money.Check(0.1m + 0.2m, "bam", "BAM", "amount");
        Money.Check(1_000_000_000_000m, "EUR", "EUR", "amount");
        Money.Check(1.234m, "KWD", "KWD", "amount");
        Money.Check(-7m, "BAM", "BAM", "amount", mayBeNegative: true);
        Assert.Equal(0.3m, 0.1m + 0.2m);
    }

    [Fact]
    public void a_closed_year_takes_only_corrections_and_entries_fall_within_its_days()
    {
        var year = new FiscalYearView
        {
            Year = 2026,
            Currency = "BAM",
            StartsOn = new(2026, 1, 1),
            EndsOn = new(2026, 12, 31),
            Closed = true,
            ClosedReason = "final account"
        };
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => FiscalYearHandler.Writable(year, 2026, null, null, On)));
        Assert.Same(year, FiscalYearHandler.Writable(year, 2026, "invoice found in the archive", null, On));
        Assert.Equal(ErrorCodes.Invalid, Code(() => FiscalYearHandler.Writable(year, 2026, "x", null, new DateOnly(2027, 1, 2))));
        Assert.Equal(ErrorCodes.NotFound, Code(() => FiscalYearHandler.Writable(null, 2027, null, null, On)));
        var overlapping = new OpenFiscalYear(2027, "BAM", new DateOnly(2026, 7, 1), null);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => FiscalYearHandler.Decide(overlapping, Guid.NewGuid(), null, [year])));
    }

    [Theory]
    [InlineData(AmendmentKind.Rebalance, new[] { 100.0, -99.99 })]
    [InlineData(AmendmentKind.Rebalance, new[] { 100.0 })]
    [InlineData(AmendmentKind.Supplementary, new[] { 100.0, -1.0 })]
    [InlineData(AmendmentKind.Reduction, new[] { -100.0, 1.0 })]
    public void an_amendment_has_the_shape_its_kind_says(AmendmentKind kind, double[] amounts) =>
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetCommandHandler.CheckShape(kind, [.. amounts.Select(a => (decimal)a)], "BAM")));

    [Fact]
    public void payroll_names_no_payee()
    {
        Assert.Equal(ErrorCodes.Invalid, Code(() => BudgetDecisions.Commit(Account(1_000m), Target(), false, "PAY-1", 10m, PayeeCategory.Payroll,
            "Amra Hodžić", null, On, null, null, null)));
        Assert.Null(((CommitmentRecorded)BudgetDecisions.Commit(Account(1_000m), Target(), false, "PAY-1", 10m, PayeeCategory.Payroll, "  ", null,
            On, null, null, null).Single()).Payee);
    }

    [Fact]
    public void a_request_is_funded_from_a_capital_ict_line_in_its_currency_fully_or_partly()
    {
        var school = Guid.NewGuid();
        var request = new BudgetRequestView
        {
            Id = Guid.NewGuid(),
            Name = "Laptops",
            Currency = "BAM",
            Total = 14_000m,
            Items = [new RequestItem(school, "OS-1", "Bihać", "LAPTOP", 10, 1_400m, 14_000m)],
        };
        var full = new ApproveBudgetRequest(request.Id, 2026, "821", "MIN", "Decision 5/26", null, null, null);
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetRequestHandler.Decide(full, request, Target(Goods), null, On)));
        Assert.Equal(ErrorCodes.Invalid, Code(() => BudgetRequestHandler.Decide(full, request, Target(Ict) with { Currency = "EUR" }, null,
            On)));
        var (approved, allocation) = BudgetRequestHandler.Decide(full, request, Target(Ict), null, On);
        Assert.Equal((14_000m, false), (approved.Amount, approved.Partly));
        Assert.Equal(14_000m, ((BudgetAmended)allocation[^1]).Amount);
        var partly = full with { Items = [new FundedQuantity(school, "laptop", 4)] };
        var (some, _) = BudgetRequestHandler.Decide(partly, request, Target(Ict), null, On);
        Assert.Equal((5_600m, true, 4), (some.Amount, some.Partly, some.Funded.Single().Quantity));
        Assert.Equal(ErrorCodes.RuleViolated, Code(() => BudgetRequestHandler.Decide(full with { Items = [new FundedQuantity(school, "LAPTOP", 11)] },
            request, Target(Ict), null, On)));
        Assert.Equal(ErrorCodes.NotFound, Code(() => BudgetRequestHandler.Decide(full with { Items = [new FundedQuantity(school, "TABLET", 1)] },
            request, Target(Ict), null, On)));
    }
}
