using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Budget.Tests;

/// <summary>GraphQL documents and set-up shared by Budget's integration tests.</summary>
internal static class BudgetRequests
{
    public const int FiscalYear = 2026;

    public const string Open = """
        mutation($year: Int!, $currency: String!) { openFiscalYear(input: { year: $year, currency: $currency }) {
          fiscalYear { year currency startsOn endsOn closed } errors { code field message } } }
        """;

    public const string Close = """
        mutation($year: Int!) {
          closeFiscalYear(input: { year: $year, reason: "final account adopted" }) { fiscalYear { closed } errors { code field message } }
        }
        """;

    public const string Line = """
        mutation($code: String!, $name: String!, $category: EconomicCategory!) {
          defineBudgetLine(input: { code: $code, name: $name, category: $category }) {
            chart { lines { code category } } errors { code field message }
          }
        }
        """;

    public const string Source = """
        mutation($code: String!, $name: String!, $kind: FundingKind!) {
          defineFundingSource(input: { code: $code, name: $name, kind: $kind }) { chart { sources { code } } errors { code field message } }
        }
        """;

    private const string EntriesPayload =
        "entryIds accounts { id line source planned amended budget committed spent outstanding available overrides } errors { code field message }";

    public const string Approve = $$"""
        mutation($input: ApproveBudgetInput!) { approveBudget(input: $input) { {{EntriesPayload}} } }
        """;

    public const string Amend = $$"""
        mutation($input: AmendBudgetInput!) { amendBudget(input: $input) { {{EntriesPayload}} } }
        """;

    public const string Commit = $$"""
        mutation($input: RecordCommitmentInput!) { recordCommitment(input: $input) { {{EntriesPayload}} } }
        """;

    public const string Pay = $$"""
        mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { {{EntriesPayload}} } }
        """;

    public const string Reverse = $$"""
        mutation($input: ReverseEntryInput!) { reverseEntry(input: $input) { {{EntriesPayload}} } }
        """;

    public const string RowFields =
        "municipality schoolId schoolCode level holder line category source month planned amended budget committed spent outstanding available " +
        "executionRate { value numerator denominator reason } learners expenditurePerLearner { value numerator denominator reason } " +
        "capitalIctShare { value reason } overrides";

    public const string Figures = $$"""
        query($year: Int!, $groupBy: [BudgetDimension!]!, $filter: BudgetFiguresFilter, $seq: Long, $schoolYear: String) {
          budgetFigures(fiscalYear: $year, groupBy: $groupBy, filter: $filter, asOfSequence: $seq, schoolYear: $schoolYear) {
            fiscalYear currency sequence enrolmentSchoolYear enrolmentSequence rows { {{RowFields}} }
          }
        }
        """;

    public const string Entries = """
        query($year: Int!, $filter: BudgetEntriesFilter) {
          budgetEntries(fiscalYear: $year, filter: $filter, first: 500) { totalCount edges { node {
            entryId kind reversal reverses commitmentId amount on reference payeeCategory payee description overridden sequence holder schoolCode
            line source
          } } }
        }
        """;

    public static object School(string id) => new { schoolId = id };

    public static object Municipality(string name) => new { municipality = name };

    public static readonly object Central = new { central = true };

    /// <summary>A fiscal year in BAM with a chart: salaries, goods and services, ICT; sources: the ministry, the municipality, an EU grant.</summary>
    public static async Task ChartAsync(this EmisHostFixture host, Caller admin, string currency = "BAM")
    {
        LearnerRequests.Ok(await host.MutateAsync(admin, Open, new { year = FiscalYear, currency }, "openFiscalYear"));
        foreach (var (code, name, category) in new[] { ("611", "Salaries", "SALARIES"), ("613", "Goods and services", "GOODS_AND_SERVICES"),
            ("821-ICT", "Computer equipment", "CAPITAL_ICT") })
        {
            LearnerRequests.Ok(await host.MutateAsync(admin, Line, new { code, name, category }, "defineBudgetLine"));
        }
        foreach (var (code, name, kind) in new[] { ("MIN", "Ministry", "MINISTRY"), ("MUN", "Municipality", "MUNICIPALITY"),
            ("EU", "EU grant for digital schools", "DONOR") })
        {
            LearnerRequests.Ok(await host.MutateAsync(admin, Source, new { code, name, kind }, "defineFundingSource"));
        }
    }

    public static object Plan(params (object Holder, string Line, string Source, decimal Amount)[] lines) => new
    {
        input = new
        {
            fiscalYear = FiscalYear,
            act = "Budget of the Canton for 2026",
            currency = "BAM",
            on = "2026-01-05",
            lines = lines.Select(l => new { holder = l.Holder, line = l.Line, source = l.Source, amount = l.Amount }).ToArray(),
        },
    };

    public static object Commitment(object holder, string line, string source, string reference, decimal amount, string on = "2026-03-02",
        string? overrideReason = null, string currency = "BAM", string? payee = "Tehnoplus d.o.o.", string category = "SUPPLIER",
        string? requestId = null) => new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                holder,
                line,
                source,
                reference,
                amount,
                currency,
                payeeCategory = category,
                payee,
                description = "order",
                on,
                requestId,
                overrideReason,
            },
        };

    public static object Payment(string reference, decimal amount, string? commitmentId = null, object? holder = null, string? line = null,
        string? source = null, string on = "2026-04-10", string? overrideReason = null, string currency = "BAM") => new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                commitmentId,
                holder,
                line,
                source,
                reference,
                amount,
                currency,
                payeeCategory = "SUPPLIER",
                payee = "Tehnoplus d.o.o.",
                on,
                overrideReason,
            },
        };

    public static object Reversal(string entryId, decimal? amount = null, string? overrideReason = null, string on = "2026-05-04") =>
        new { input = new { entryId, amount, reason = "cancelled", on, overrideReason } };

    public static async Task<JsonObject> FiguresAsync(this EmisHostFixture host, Caller caller, string[] groupBy, object? filter = null,
        long? seq = null,
        string? schoolYear = null) =>
        (await host.DataAsync(caller, Figures, new { year = FiscalYear, groupBy, filter, seq, schoolYear }))["budgetFigures"]!.AsObject();

    public static JsonObject Row(JsonObject figures, Func<JsonNode, bool> match) =>
        figures["rows"]!.AsArray().Single(r => match(r!))!.AsObject();

    public static decimal Money(JsonNode node, string field) => node[field]!.GetValue<decimal>();

    public static string EntryId(JsonObject payload) => payload["entryIds"]!.AsArray()[0]!.GetValue<string>();
}
