using static Emis.Budget.Tests.BudgetRequests;

namespace Emis.Budget.Tests;

/// <summary>
/// The seed's story end to end on the real host: classrooms without laptops → a purchase proposal in Assets → a budget request → a partial
/// allocation on a capital/ICT line → the proposal shows what was funded → a commitment and payments against it → laptops registered in
/// Assets with that funding source.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BudgetRequestTests(EmisHostFixture host)
{
    private const string Rooms = """
        mutation($school: ID!, $rooms: [RoomInput!]!) { registerRooms(input: { schoolId: $school, rooms: $rooms }) { errors { code field message } } }
        """;

    private const string Device = """
        mutation($school: ID!, $serial: String!, $funding: String) {
          registerDevice(input: { schoolId: $school, serialNumber: $serial, type: LAPTOP, make: "Lenovo", model: "ThinkPad E14",
            acquiredOn: "2026-06-01", cost: 1400, currency: "BAM", fundingSource: $funding }) {
            device { id fundingSource } errors { code field message }
          }
        }
        """;

    private const string Request = """
        query($p: ID!) { budgetRequest(proposalId: $p) { id proposalId name sequence currency total status items { schoolCode deviceType quantity
          unitPrice amount } funded { schoolCode quantity amount } approved accountId line source } }
        """;

    private const string Proposals = """
        { purchaseProposals(first: 10) { edges { node { id funding { decision fiscalYear amount line fundingSource items { schoolCode deviceType
          quantity amount } } } } } }
        """;

    [Fact]
    public async Task a_shortfall_becomes_a_request_an_allocation_commitments_payments_and_devices_with_their_funding_source()
    {
        var j = new Jurisdiction();
        var a = await host.SchoolAsync(j, "OS-L1", "Bihać");
        var b = await host.SchoolAsync(j, "OS-L2", "Cazin");
        foreach (var (school, count) in new[] { (a, 6), (b, 4) })
        {
            var rooms = Enumerable.Range(1, count).Select(i => new { building = "Main", name = $"Učionica {i}", kind = "CLASSROOM", capacity = 28 });
            LearnerRequests.Ok(await host.MutateAsync(j.Admin, Rooms, new { school, rooms }, "registerRooms"));
        }
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, """
            mutation { setDeviceNorm(input: { code: "LAPTOP-CLASSROOM", description: "a laptop per classroom", deviceType: LAPTOP,
              basis: PER_CLASSROOM }) { errors { code field message } } }
            """, new { }, "setDeviceNorm"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, """
            mutation { setDevicePrice(input: { deviceType: LAPTOP, currency: "BAM", unitPrice: 1428.57 }) { errors { code field message } } }
            """, new { }, "setDevicePrice"));
        var saved = await host.MutateAsync(j.Admin, """
            mutation { savePurchaseProposal(input: { name: "Laptops 2026", schoolYear: "2025/2026", currency: "BAM" }) {
              proposal { id sequence total } errors { code field message } } }
            """, new { }, "savePurchaseProposal");
        LearnerRequests.Ok(saved);
        var proposal = saved["proposal"]!["id"]!.GetValue<string>();
        Assert.Equal(10 * 1428.57m, saved["proposal"]!["total"]!.GetValue<decimal>());

        await host.ChartAsync(j.Admin);
        await host.TrackedAsync(() => host.MutateAsync(j.Admin, """
            mutation($id: ID!) { sendProposalToBudget(input: { proposalId: $id }) { errors { code field message } } }
            """, new { id = proposal }, "sendProposalToBudget"));
        var request = (await host.DataAsync(j.Admin, Request, new { p = proposal }))["budgetRequest"]!;
        Assert.Equal(("PENDING", 14_285.70m, saved["proposal"]!["sequence"]!.GetValue<long>()), (request["status"]!.GetValue<string>(),
            request["total"]!.GetValue<decimal>(), request["sequence"]!.GetValue<long>()));
        Assert.Equal(["OS-L1:6", "OS-L2:4"], request["items"]!.AsArray().Select(i => $"{i!["schoolCode"]}:{i["quantity"]}").Order());
        Assert.Null((await host.DataAsync(j.Officer("Bihać"), Request, new { p = proposal }))["budgetRequest"]);
        // Received once: pulling the proposals sent (as after deploying Budget) finds nothing new.
        const string receive = "mutation { receivePurchaseRequests { received errors { code } } }";
        Assert.Equal(0, (await host.MutateAsync(j.Admin, receive, new { }, "receivePurchaseRequests"))["received"]!.GetValue<int>());
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(await host.MutateAsync(j.Officer("Bihać"), receive, new { },
            "receivePurchaseRequests")).Code);

        const string approve = """
            mutation($input: ApproveBudgetRequestInput!) { approveBudgetRequest(input: $input) {
              request { status approved funded { schoolCode quantity } } errors { code field message } } }
            """;
        object Approval(string line, object[]? items) => new
        {
            input = new
            {
                requestId = request["id"]!.GetValue<string>(),
                fiscalYear = FiscalYear,
                line,
                source = "EU",
                act = "Decision 05-11/26",
                items,
                on = "2026-05-11"
            },
        };
        // Not from a goods line; the ministry's alone; then partly: all of OS-L1's six laptops and two of OS-L2's four.
        Assert.Equal(("RULE_VIOLATED", "line"), LearnerRequests.Error(await host.MutateAsync(j.Admin, approve, Approval("613", null),
            "approveBudgetRequest")));
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(await host.MutateAsync(j.Officer("Bihać"), approve, Approval("821-ICT", null),
            "approveBudgetRequest")).Code);
        var approved = await host.TrackedAsync(() => host.MutateAsync(j.Admin, approve, Approval("821-ICT",
            [new { schoolId = a, deviceType = "LAPTOP", quantity = 6 }, new { schoolId = b, deviceType = "LAPTOP", quantity = 2 }]),
            "approveBudgetRequest"));
        LearnerRequests.Ok(approved);
        Assert.Equal(("PARTLY_APPROVED", 8 * 1428.57m), (approved["request"]!["status"]!.GetValue<string>(),
            approved["request"]!["approved"]!.GetValue<decimal>()));
        Assert.Equal(("RULE_VIOLATED", "requestId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, approve, Approval("821-ICT", null),
            "approveBudgetRequest")));

        // The proposal shows what was funded.
        var funding = (await host.DataAsync(j.Admin, Proposals))["purchaseProposals"]!["edges"]![0]!["node"]!["funding"]!;
        Assert.Equal(("partly_approved", 2026, 8 * 1428.57m, "821-ICT", "EU — EU grant for digital schools"),
            (funding["decision"]!.GetValue<string>(),
            funding["fiscalYear"]!.GetValue<int>(), funding["amount"]!.GetValue<decimal>(), funding["line"]!.GetValue<string>(),
            funding["fundingSource"]!.GetValue<string>()));
        Assert.Equal(["OS-L1:6", "OS-L2:2"], funding["items"]!.AsArray().Select(i => $"{i!["schoolCode"]}:{i["quantity"]}").Order());

        // The allocation is the central ICT line's budget: a contract for the eight laptops, paid in two instalments.
        var figures = await host.FiguresAsync(j.Admin, ["HOLDER", "LINE"], new { category = "CAPITAL_ICT" });
        Assert.Equal((0m, 11_428.56m), (Money(figures["rows"]![0]!, "planned"), Money(figures["rows"]![0]!, "amended")));
        var contract = await host.MutateAsync(j.Admin, Commit, Commitment(Central, "821-ICT", "EU", "UG-2026-17", 11_428.56m, "2026-06-01",
            requestId: request["id"]!.GetValue<string>()), "recordCommitment");
        LearnerRequests.Ok(contract);
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Pay, Payment("PN-1", 5_714.28m, EntryId(contract), on: "2026-06-20"), "recordPayment"));
        var rest = await host.MutateAsync(j.Admin, Pay, Payment("PN-2", 5_714.28m, EntryId(contract), on: "2026-07-20"), "recordPayment");
        LearnerRequests.Ok(rest);
        Assert.Equal((0m, 0m, 11_428.56m), (Money(rest["accounts"]![0]!, "available"), Money(rest["accounts"]![0]!, "outstanding"),
            Money(rest["accounts"]![0]!, "spent")));
        var label = funding["fundingSource"]!.GetValue<string>();
        for (var i = 0; i < 6; i++)
        {
            var device = await host.MutateAsync(j.Admin, Device, new { school = a, serial = $"EU-LT-{i}", funding = label }, "registerDevice");
            LearnerRequests.Ok(device);
            Assert.Equal(label, device["device"]!["fundingSource"]!.GetValue<string>());
        }
        var total = (await host.FiguresAsync(j.Admin,
            ["CATEGORY"]))["rows"]!.AsArray().Single(r => r!["category"]!.GetValue<string>() == "CAPITAL_ICT")!;
        Assert.Equal(100m, Money(total["executionRate"]!, "value"));
    }
}
