using static Emis.Budget.Tests.BudgetRequests;

namespace Emis.Budget.Tests;

/// <summary>Budget through GraphQL on the real host and PostgreSQL: plan, execution, refusals that store nothing, figures, scopes.</summary>
[Collection(HostCollection.Name)]
public sealed class BudgetIntegrationTests(EmisHostFixture host)
{
    private sealed record Setup(Jurisdiction J, string A, string B);

    /// <summary>Two schools (OS-A in Bihać with 3 learners, OS-B in Cazin with 2), the chart, and an approved budget.</summary>
    private async Task<Setup> SetUpAsync()
    {
        var j = new Jurisdiction();
        var a = await host.SchoolAsync(j, "OS-A", "Bihać");
        var b = await host.SchoolAsync(j, "OS-B", "Cazin");
        foreach (var first in new[] { "Ana", "Lejla", "Emina" }) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(a, first: first));
        foreach (var first in new[] { "Edin", "Tarik" }) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(b, first: first));
        await host.ChartAsync(j.Admin);
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Approve, Plan(
            (School(a), "611", "MIN", 100_000m), (School(a), "613", "MIN", 20_000m), (School(b), "613", "MIN", 10_000m),
            (Municipality("bihać"), "613", "MUN", 5_000m), (Central, "821-ICT", "MIN", 50_000m)), "approveBudget"));
        return new Setup(j, a, b);
    }

    [Fact]
    public async Task commitments_and_payments_move_available_and_overspending_needs_a_recorded_override()
    {
        var (j, a, _) = await SetUpAsync();
        var po1 = await host.MutateAsync(j.Admin, Commit, Commitment(School(a), "613", "MIN", "PO-1", 8_000m), "recordCommitment");
        LearnerRequests.Ok(po1);
        Assert.Equal(12_000m, Money(po1["accounts"]![0]!, "available"));
        var paid = await host.MutateAsync(j.Admin, Pay, Payment("PN-1", 5_000m, EntryId(po1)), "recordPayment");
        LearnerRequests.Ok(paid);
        Assert.Equal((12_000m, 3_000m, 5_000m), (Money(paid["accounts"]![0]!, "available"), Money(paid["accounts"]![0]!, "outstanding"),
            Money(paid["accounts"]![0]!, "spent")));
        var direct = await host.MutateAsync(j.Admin, Pay, Payment("PN-2", 2_500m, holder: School(a), line: "613", source: "MIN"), "recordPayment");
        LearnerRequests.Ok(direct);
        Assert.Equal(9_500m, Money(direct["accounts"]![0]!, "available"));
        var before = await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE"]);

        // Beyond what is available: refused, nothing stored; a school admin may not override; the ministry may, with a reason.
        var refused = await host.MutateAsync(j.Admin, Commit, Commitment(School(a), "613", "MIN", "PO-3", 10_000m), "recordCommitment");
        Assert.Equal(("RULE_VIOLATED", "amount"), LearnerRequests.Error(refused));
        Assert.Contains("9,500.00 BAM available", refused["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("OS-A"), Commit,
            Commitment(School(a), "613", "MIN", "PO-3", 10_000m, overrideReason: "urgent"), "recordCommitment")));
        var same = await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE"]);
        Assert.Equal(before["rows"]!.ToJsonString(), same["rows"]!.ToJsonString());
        var po3 = await host.MutateAsync(j.Admin, Commit, Commitment(School(a), "613", "MIN", "PO-3", 10_000m,
            overrideReason: "Heating failed in January: the repair cannot wait for the rebalancing"), "recordCommitment");
        LearnerRequests.Ok(po3);
        Assert.Equal((-500m, 1), (Money(po3["accounts"]![0]!, "available"), po3["accounts"]![0]!["overrides"]!.GetValue<int>()));

        // Reversals: PO-3 wholly; reversing that reversal would overspend again, so it needs an override too; PO-1 keeps what was paid.
        var reversed = await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(po3)), "reverseEntry");
        LearnerRequests.Ok(reversed);
        Assert.Equal(9_500m, Money(reversed["accounts"]![0]!, "available"));
        Assert.Equal(("RULE_VIOLATED", "entryId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(po3)),
            "reverseEntry")));
        Assert.Equal(("RULE_VIOLATED", "amount"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(reversed)),
            "reverseEntry")));
        var restored = await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(reversed), overrideReason: "the order was not cancelled after all"),
            "reverseEntry");
        LearnerRequests.Ok(restored);
        Assert.Equal((-500m, 2), (Money(restored["accounts"]![0]!, "available"), restored["accounts"]![0]!["overrides"]!.GetValue<int>()));
        Assert.Equal(("RULE_VIOLATED", "amount"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(po1)),
            "reverseEntry")));
        var part = await host.MutateAsync(j.Admin, Reverse, Reversal(EntryId(po1), 3_000m), "reverseEntry");
        LearnerRequests.Ok(part);
        Assert.Equal((10_000m, 2_500m), (Money(part["accounts"]![0]!, "outstanding"), Money(part["accounts"]![0]!, "available")));
        Assert.Equal(("RULE_VIOLATED", "amount"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Pay, Payment("PN-4", 0.01m, EntryId(po1)),
            "recordPayment")));

        // Nothing converted, nothing rounded, nothing twice: each refused with the field named.
        Assert.Equal(("INVALID", "currency"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "613", "MIN", "PO-5", 10m, currency: "EUR"), "recordCommitment")));
        Assert.Equal(("INVALID", "amount"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "613", "MIN", "PO-5", 10.005m), "recordCommitment")));
        Assert.Equal(("DUPLICATE", "reference"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "613", "MIN", " po-1 ", 10m), "recordCommitment")));
        Assert.Equal(("INVALID", "payee"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "611", "MIN", "PAY-01", 10m, payee: "Amra Hodžić", category: "PAYROLL"), "recordCommitment")));
        Assert.Equal(("NOT_FOUND", "line"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "999", "MIN", "PO-6", 10m), "recordCommitment")));
        var entries = (await host.DataAsync(j.Admin, Entries, new { year = FiscalYear }))["budgetEntries"]!;
        // Five plans, PO-1, PN-1, PN-2, PO-3, its reversal and the reversal of that, the partial reversal of PO-1.
        Assert.Equal(12, entries["totalCount"]!.GetValue<int>());
        Assert.Equal(2, entries["edges"]!.AsArray().Count(e => e!["node"]!["overridden"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task figures_sum_the_ledger_per_learner_as_of_any_sequence_within_each_scope()
    {
        var (j, a, b) = await SetUpAsync();
        var po = await host.MutateAsync(j.Admin, Commit, Commitment(School(a), "613", "MIN", "PO-1", 6_000m), "recordCommitment");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-1", 6_000m, EntryId(po)), "recordPayment"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-2", 4_000m, holder: School(b), line: "613", source: "MIN",
            on: "2026-05-20"),
            "recordPayment"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-3", 1_000m, holder: Municipality("Bihać"), line: "613", source: "MUN"),
            "recordPayment"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-4", 20_000m, holder: Central, line: "821-ICT", source: "MIN"),
            "recordPayment"));
        var then = await host.FiguresAsync(j.Admin, ["MUNICIPALITY", "LINE"]);
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-5", 3_000m, holder: School(a), line: "611", source: "MIN"),
            "recordPayment"));

        var bySchool = await host.FiguresAsync(j.Admin, ["SCHOOL"]);
        Assert.Equal("2025/2026", bySchool["enrolmentSchoolYear"]!.GetValue<string>());
        var rowA = Row(bySchool, r => r["schoolCode"]?.GetValue<string>() == "OS-A");
        Assert.Equal((9_000m, 3L, 3_000m), (Money(rowA, "spent"), rowA["learners"]!.GetValue<long>(), Money(rowA["expenditurePerLearner"]!,
            "value")));
        Assert.Equal(Math.Round(9_000m * 100 / 120_000m, 2), Money(rowA["executionRate"]!, "value"));
        var central = Row(bySchool, r => r["schoolCode"] is null && r["municipality"] is null);
        Assert.Null(central["expenditurePerLearner"]!["value"]);
        Assert.Contains("not by a school", central["expenditurePerLearner"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var byMunicipality = await host.FiguresAsync(j.Admin, ["MUNICIPALITY"]);
        var bihac = Row(byMunicipality, r => r["municipality"]?.GetValue<string>() == "Bihać");
        // The municipality's own money and its school's, over its school's learners.
        Assert.Equal((10_000m, 3L), (Money(bihac, "spent"), bihac["learners"]!.GetValue<long>()));
        Assert.Equal(Math.Round(10_000m / 3, 2), Money(bihac["expenditurePerLearner"]!, "value"));
        var total = (await host.FiguresAsync(j.Admin, []))["rows"]![0]!;
        Assert.Equal((34_000m, 5L, 6_800m), (Money(total, "spent"), total["learners"]!.GetValue<long>(), Money(total["expenditurePerLearner"]!,
            "value")));
        Assert.Equal(Math.Round(20_000m * 100 / 34_000m, 2), Money(total["capitalIctShare"]!, "value"));
        var byMonth = await host.FiguresAsync(j.Admin, ["MONTH"], new { holder = "SCHOOL" });
        Assert.Equal(4_000m, Money(Row(byMonth, r => r["month"]!.GetValue<string>() == "2026-05"), "spent"));

        // As of the earlier answer's sequence: the same answer, though money moved since.
        var asOf = await host.FiguresAsync(j.Admin, ["MUNICIPALITY", "LINE"], seq: then["sequence"]!.GetValue<long>());
        Assert.Equal(then["rows"]!.ToJsonString(), asOf["rows"]!.ToJsonString());
        Assert.NotEqual(then["rows"]!.ToJsonString(), (await host.FiguresAsync(j.Admin, ["MUNICIPALITY", "LINE"]))["rows"]!.ToJsonString());

        // Scopes: a school its own; a municipality its own and its schools'; partners figures but no entries; analysts no payees.
        var school = await host.FiguresAsync(j.SchoolAdmin("OS-B"), ["SCHOOL"]);
        Assert.Equal(["OS-B"], school["rows"]!.AsArray().Select(r => r!["schoolCode"]!.GetValue<string>()));
        var officer = await host.FiguresAsync(j.Officer("bihać"), ["HOLDER"]);
        Assert.Equal(["MUNICIPALITY", "SCHOOL"], officer["rows"]!.AsArray().Select(r => r!["holder"]!.GetValue<string>()).Order());
        Assert.Equal(10_000m, officer["rows"]!.AsArray().Sum(r => Money(r!, "spent")));
        Assert.Equal(34_000m, Money((await host.FiguresAsync(j.Partner, []))["rows"]![0]!, "spent"));
        Assert.Empty((await host.FiguresAsync(j.Teacher("OS-A"), []))["rows"]!.AsArray());
        Assert.Equal(0, (await host.DataAsync(j.Partner, Entries, new { year = FiscalYear }))["budgetEntries"]!["totalCount"]!.GetValue<int>());
        var analyst = (await host.DataAsync(j.Analyst, Entries, new { year = FiscalYear, filter = new { kind = "PAYMENT" } }))["budgetEntries"]!;
        Assert.Equal(5, analyst["totalCount"]!.GetValue<int>());
        Assert.All(analyst["edges"]!.AsArray(), e => Assert.Null(e!["node"]!["payee"]));
        Assert.All(analyst["edges"]!.AsArray(), e => Assert.Null(e!["node"]!["reference"]));
        var admin = (await host.DataAsync(j.SchoolAdmin("OS-A"), Entries, new
        {
            year = FiscalYear,
            filter = new { kind = "PAYMENT" }
        }))["budgetEntries"]!;
        Assert.Equal(["PN-1", "PN-5"], admin["edges"]!.AsArray().Select(e => e!["node"]!["reference"]!.GetValue<string>()).Order());
        Assert.Equal(("NOT_FOUND", "holder"), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("OS-A"), Pay,
            Payment("PN-9", 1m, holder: Municipality("Bihać"), line: "613", source: "MUN"), "recordPayment")));
        Assert.Equal(("FORBIDDEN", "holder"), LearnerRequests.Error(await host.MutateAsync(j.Analyst, Pay,
            Payment("PN-9", 1m, holder: School(a), line: "613", source: "MIN"), "recordPayment")));
        Assert.Equal(("NOT_FOUND", "holder"), LearnerRequests.Error(await host.MutateAsync(j.Officer("Cazin"), Pay,
            Payment("PN-9", 1m, holder: School(a), line: "613", source: "MIN"), "recordPayment")));
        LearnerRequests.Ok(await host.MutateAsync(j.Officer("Cazin"), Pay, Payment("PN-9", 1m, holder: School(b), line: "613", source: "MIN"),
            "recordPayment"));
    }

    [Fact]
    public async Task a_closed_year_takes_only_the_ministrys_corrections_and_amendments_rebalance_to_zero()
    {
        var (j, a, b) = await SetUpAsync();
        var moved = await host.MutateAsync(j.Admin, Amend, new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                kind = "REBALANCE",
                act = "Decision 02-14/26",
                reason = "heating costs rose",
                currency = "BAM",
                on = "2026-06-01",
                changes = new object[]
                {
                    new { holder = School(a), line = "611", source = "MIN", amount = -7_000m },
                    new { holder = School(b), line = "613", source = "MIN", amount = 7_000m },
                },
            },
        }, "amendBudget");
        LearnerRequests.Ok(moved);
        Assert.Equal([93_000m, 17_000m], moved["accounts"]!.AsArray().Select(x => Money(x!, "budget")).Order().Reverse());
        var unbalanced = await host.MutateAsync(j.Admin, Amend, new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                kind = "REBALANCE",
                act = "x",
                reason = "y",
                currency = "BAM",
                on = "2026-06-01",
                changes = new object[]
                {
                    new { holder = School(a), line = "611", source = "MIN", amount = -7_000m },
                    new { holder = School(b), line = "613", source = "MIN", amount = 6_000m },
                },
            },
        }, "amendBudget");
        Assert.Equal(("RULE_VIOLATED", "changes"), LearnerRequests.Error(unbalanced));

        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Close, new { year = FiscalYear }, "closeFiscalYear"));
        Assert.Equal(("RULE_VIOLATED", "correction"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "613", "MIN", "PO-1", 10m), "recordCommitment")));
        var officer = await host.MutateAsync(j.Officer("Bihać"), Commit, new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                holder = School(a),
                line = "613",
                source = "MIN",
                reference = "PO-1",
                amount = 10m,
                currency = "BAM",
                payeeCategory = "SUPPLIER",
                on = "2026-03-02",
                correction = "invoice found in the archive",
            },
        }, "recordCommitment");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(officer).Code);
        var fixedUp = await host.MutateAsync(j.Admin, Commit, new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                holder = School(a),
                line = "613",
                source = "MIN",
                reference = "PO-1",
                amount = 10m,
                currency = "BAM",
                payeeCategory = "SUPPLIER",
                on = "2026-03-02",
                correction = "invoice found in the archive",
            },
        }, "recordCommitment");
        LearnerRequests.Ok(fixedUp);
        // The correction is recorded as such, in the closed year's figures.
        Assert.Equal(19_990m, Money(fixedUp["accounts"]![0]!, "available"));
        var entry = (await host.DataAsync(j.Admin, Entries, new { year = FiscalYear, filter = new { reference = "po-1" } }))["budgetEntries"]!;
        Assert.Equal(10m, Money(entry["edges"]![0]!["node"]!, "amount"));
    }

    [Fact]
    public async Task figures_arrive_live_over_a_websocket_when_money_moves_in_the_subscribers_scope()
    {
        var (j, a, b) = await SetUpAsync();
        await using var officer = await WsClient.ConnectAsync(host, j.Officer("Cazin"));
        await officer.SubscribeAsync("b", """
            subscription { budgetFiguresChanged(fiscalYear: 2026, groupBy: [SCHOOL]) { rows { schoolCode budget spent available
              expenditurePerLearner { value } } } }
            """);
        static string Rows(System.Text.Json.Nodes.JsonObject message) => string.Join(" ", message["payload"]!["data"]!["budgetFiguresChanged"]!
            ["rows"]!.AsArray().Select(r
                => $"{r!["schoolCode"]}:{Money(r, "spent")}:{Money(r, "available")}:{r["expenditurePerLearner"]!["value"]}"));
        Assert.Equal("OS-B:0:10000:0", Rows(await officer.ReceiveAsync()));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-1", 1_000m, holder: School(b), line: "613", source: "MIN"),
            "recordPayment"));
        Assert.Equal("OS-B:1000:9000:500", Rows(await officer.ReceiveAsync()));
        // Money moving in another municipality changes nothing the officer sees: the next message is their own school's next change.
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-2", 2_000m, holder: School(a), line: "613", source: "MIN"),
            "recordPayment"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-3", 500m, holder: School(b), line: "613", source: "MIN"),
            "recordPayment"));
        Assert.Equal("OS-B:1500:8500:750", Rows(await officer.ReceiveAsync()));
    }

    [Fact]
    public async Task retried_acts_and_reversals_are_duplicates_and_analysts_read_the_history_without_payees()
    {
        var (j, a, b) = await SetUpAsync();
        object Supplementary(decimal amount) => new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                kind = "SUPPLEMENTARY",
                act = "Decision 07-01/26",
                reason = "more pupils",
                currency = "BAM",
                on = "2026-07-01",
                changes = new object[] { new { holder = School(b), line = "613", source = "MIN", amount } },
            },
        };
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Amend, Supplementary(5_000m), "amendBudget"));
        Assert.Equal(("DUPLICATE", "act"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Amend, Supplementary(5_000m), "amendBudget")));
        var po = await host.MutateAsync(j.Admin, Commit, Commitment(School(a), "613", "MIN", "PO-1", 1_000m), "recordCommitment");
        LearnerRequests.Ok(po);
        var storno = new { input = new { entryId = EntryId(po), amount = 250m, reason = "price reduced", on = "2026-05-04", reference = "ST-1" } };
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Reverse, storno, "reverseEntry"));
        Assert.Equal(("DUPLICATE", "reference"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Reverse, storno, "reverseEntry")));
        Assert.Equal(("NOT_FOUND", "requestId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Commit,
            Commitment(Central, "821-ICT", "MIN", "UG-1", 10m, requestId: Guid.NewGuid().ToString()), "recordCommitment")));
        var figures = await host.FiguresAsync(j.Admin, ["SCHOOL"]);
        Assert.Equal((15_000m, 750m), (Money(Row(figures, r => r["schoolCode"]?.GetValue<string>() == "OS-B"), "budget"),
            Money(Row(figures, r => r["schoolCode"]?.GetValue<string>() == "OS-A"), "committed")));
        var months = await host.FiguresAsync(j.Admin, ["MONTH"]);
        Assert.All(months["rows"]!.AsArray(), r => Assert.Null(r!["executionRate"]!["value"]));

        // The audit trail of the account: the ministry admin reads who was paid; an analyst reads the amounts, not the payee or the document.
        const string history = "query($id: ID!) { history(entityId: $id, first: 50) { edges { node { type data } } } }";
        var account = po["accounts"]![0]!["id"]!.GetValue<string>();
        async Task<System.Text.Json.Nodes.JsonNode> RecordedAsync(Emis.Platform.Auth.Caller caller) => System.Text.Json.Nodes.JsonNode.Parse(
            (await host.DataAsync(caller, history, new { id = account }))["history"]!["edges"]!.AsArray()
            .Single(e => e!["node"]!["type"]!.GetValue<string>() == "budget.commitment_recorded")!["node"]!["data"]!.GetValue<string>())!;
        static string? Field(System.Text.Json.Nodes.JsonNode data, string name) =>
            data.AsObject().FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
        var admin = await RecordedAsync(j.Admin);
        Assert.Equal(("Tehnoplus d.o.o.", "PO-1"), (Field(admin, "payee"), Field(admin, "reference")));
        var analyst = await RecordedAsync(j.Analyst);
        Assert.Equal(("1000", null, null, null), (Field(analyst, "amount"), Field(analyst, "payee"), Field(analyst, "reference"),
            Field(analyst, "description")));
    }

    [Fact]
    public async Task commitments_racing_on_one_line_never_overspend_it_and_opposite_rebalancings_never_deadlock()
    {
        var (j, a, b) = await SetUpAsync();
        // Eight commitments of 4,000 at once on a line with 20,000: at most five fit; the others are refused, none half-written.
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => host.MutateAsync(j.Admin, Commit,
            Commitment(School(a), "613", "MIN", $"PO-R{i}", 4_000m), "recordCommitment")));
        var accepted = racing.Where(r => r["errors"]!.AsArray().Count == 0).ToList();
        Assert.InRange(accepted.Count, 1, 5);
        Assert.All(racing.Except(accepted), r => Assert.Contains(LearnerRequests.Error(r).Code, new[] { "RULE_VIOLATED", "CONCURRENCY_CONFLICT" }));
        var row = Row(await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE"]), r => r["schoolCode"]?.GetValue<string>() == "OS-A"
            && r["line"]!.GetValue<string>() == "613");
        Assert.Equal((accepted.Count * 4_000m, 20_000m - accepted.Count * 4_000m, 0L), (Money(row, "committed"), Money(row, "available"),
            row["overrides"]!.GetValue<long>()));
        var entries = (await host.DataAsync(j.Admin, Entries, new { year = FiscalYear, filter = new { kind = "COMMITMENT" } }))["budgetEntries"]!;
        Assert.Equal(accepted.Count, entries["totalCount"]!.GetValue<int>());

        // Two rebalancings between the same two lines in opposite directions, many times at once: each one is recorded whole or refused
        // as a conflict, and the two lines' budgets still add up to what they had.
        static object Rebalance(int i, string from, string to) => new
        {
            input = new
            {
                fiscalYear = FiscalYear,
                kind = "REBALANCE",
                act = $"Act R{i}",
                reason = "race",
                currency = "BAM",
                on = "2026-06-01",
                changes = new object[]
                {
                    new { holder = School(from), line = "613", source = "MIN", amount = -100m },
                    new { holder = School(to), line = "613", source = "MIN", amount = 100m },
                },
            },
        };
        var rebalanced = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => host.MutateAsync(j.Admin, Amend,
            i % 2 == 0 ? Rebalance(i, a, b) : Rebalance(i, b, a), "amendBudget")));
        Assert.All(rebalanced, r => Assert.True(r["errors"]!.AsArray().Count == 0 || LearnerRequests.Error(r).Code == "CONCURRENCY_CONFLICT",
            r.ToJsonString()));
        var after = await host.FiguresAsync(j.Admin, ["LINE"], new { line = "613", holder = "SCHOOL" });
        Assert.Equal(30_000m, Money(after["rows"]![0]!, "budget"));
    }
}
