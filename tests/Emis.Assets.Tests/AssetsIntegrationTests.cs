using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Emis.Assets.Contracts;
using static Emis.Assets.Tests.AssetsRequests;

namespace Emis.Assets.Tests;

/// <summary>Assets through GraphQL and HTTP on the real host and PostgreSQL: the seed's story, devices, figures and scopes.</summary>
[Collection(HostCollection.Name)]
public sealed class AssetsIntegrationTests(EmisHostFixture host)
{
    [Theory]
    [InlineData(17)]
    [InlineData(2026)]
    public async Task classrooms_without_a_laptop_become_a_proposal_that_is_reproducible_as_of_its_sequence(int seed)
    {
        // The seed's story on generated data: schools with some classrooms, laptops for some of them (one broken, which does not count).
        var random = new Random(seed);
        var j = new Jurisdiction();
        var schools = new List<(string Id, int Classrooms, int Laptops)>();
        for (var i = 0; i < 4; i++)
        {
            var id = await host.SchoolAsync(j, $"OS-{seed}-{i}", i % 2 == 0 ? "Bihać" : "Cazin");
            var classrooms = random.Next(3, 9);
            var rooms = (await host.RoomsAsync(j.Admin, id, Classrooms(classrooms)))["rooms"]!.AsArray();
            var laptops = random.Next(0, classrooms + 2);
            for (var l = 0; l < laptops; l++)
            {
                var room = l < classrooms ? rooms[l]!["roomId"]!.GetValue<string>() : null;
                await host.RegisteredAsync(j.Admin, id, $"LT-{seed}-{i}-{l}", room: room);
            }
            var broken = await host.RegisteredAsync(j.Admin, id, $"LT-{seed}-{i}-broken");
            LearnerRequests.Ok(await host.MutateAsync(j.Admin, State, new { device = broken, state = "BROKEN", reason = "screen" },
                "changeDeviceState"));
            schools.Add((id, classrooms, laptops));
        }
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Norm, new
        {
            code = "laptop-classroom",
            type = "LAPTOP",
            basis = "PER_CLASSROOM",
            quantity = 1
        },
            "setDeviceNorm"));
        const decimal price = 1428.57m;
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Price, new { type = "LAPTOP", currency = "BAM", price }, "setDevicePrice"));
        var short_ = schools.Sum(s => Math.Max(0, s.Classrooms - s.Laptops));

        var saved = await host.MutateAsync(j.Admin, Save, new { name = "Laptops for every classroom, 2026", year = Year, currency = "bam" },
            "savePurchaseProposal");
        LearnerRequests.Ok(saved);
        var proposal = saved["proposal"]!;
        var laptopTotal = proposal["totals"]!.AsArray().Single(t => t!["deviceType"]!.GetValue<string>() == "LAPTOP")!;
        Assert.Equal(short_, laptopTotal["shortfall"]!.GetValue<int>());
        Assert.Equal(short_ * price, proposal["total"]!.GetValue<decimal>());
        foreach (var (id, classrooms, laptops) in schools)
        {
            var line = proposal["lines"]!.AsArray().Single(l => l!["schoolId"]!.GetValue<string>() == id)!;
            Assert.Equal((classrooms, laptops, Math.Max(0, classrooms - laptops)),
                (line["required"]!.GetValue<int>(), line["working"]!.GetValue<int>(), line["shortfall"]!.GetValue<int>()));
        }

        // More laptops arrive, a classroom is added: live, the shortfall moves; as of the proposal's sequence, the same numbers again.
        var first = schools[0];
        for (var l = 0; l < 3; l++) await host.RegisteredAsync(j.Admin, first.Id, $"LT-{seed}-late-{l}");
        await host.RoomsAsync(j.Admin, schools[1].Id, new[] { new { building = "Annex", name = "A1", kind = "CLASSROOM", capacity = 20 } });
        var variables = new
        {
            year = Year,
            currency = "BAM",
            norms = proposal["norms"]!.AsArray().Select(n => n!["code"]!.GetValue<string>()).ToArray(),
            schools = proposal["schoolIds"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray(),
            seq = (long?)proposal["sequence"]!.GetValue<long>(),
        };
        var again = (await host.DataAsync(j.Analyst, Compute, variables))["purchaseProposal"]!;
        Assert.Equal(proposal["lines"]!.ToJsonString(), again["lines"]!.ToJsonString());
        Assert.Equal(proposal["total"]!.GetValue<decimal>(), again["total"]!.GetValue<decimal>());
        var live = (await host.DataAsync(j.Analyst, Compute, variables with { seq = default }))["purchaseProposal"]!;
        Assert.NotEqual(proposal["total"]!.GetValue<decimal>(), live["total"]!.GetValue<decimal>());

        // Named once; the ministry's alone.
        Assert.Equal(("DUPLICATE", "name"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Save,
            new { name = "Laptops for every classroom, 2026", year = Year, currency = "BAM" }, "savePurchaseProposal")));
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.Officer("Bihać"), Save,
            new { name = "Ours", year = Year, currency = "BAM" }, "savePurchaseProposal")));
        // No price in EUR: the proposal says so and is not saved.
        var euro = (await host.DataAsync(j.Admin, Compute, variables with { currency = "EUR", seq = default }))["purchaseProposal"]!;
        Assert.Null(euro["total"]);
        Assert.Contains("no price for LAPTOP in EUR", euro["problems"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("RULE_VIOLATED", "currency"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Save,
            new { name = "In euro", year = Year, currency = "EUR" }, "savePurchaseProposal")));

        // The CSV: a line per school and device type, the totals, every amount exact.
        var csv = await CsvAsync(j.Admin, proposal["csvUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        var rows = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("proposal,school_year,sequence,school_code", rows[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.EndsWith((short_ * price).ToString("0.00", CultureInfo.InvariantCulture) + ",BAM", rows[^1], StringComparison.Ordinal);
        Assert.Equal(proposal["lines"]!.AsArray().Count + proposal["totals"]!.AsArray().Count + 2, rows.Length);
        Assert.Equal(HttpStatusCode.Forbidden, (await CsvAsync(j.SchoolAdmin($"OS-{seed}-0"), proposal["csvUrl"]!.GetValue<string>())).Status);

        // To Budget, once: the request carries every school short of laptops, at the price, with the proposal's sequence.
        var proposalId = proposal["id"]!.GetValue<string>();
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Send, new { id = proposalId }, "sendProposalToBudget"));
        Assert.Equal(("DUPLICATE", "proposalId"),
            LearnerRequests.Error(await host.MutateAsync(j.Admin, Send, new { id = proposalId }, "sendProposalToBudget")));
        var request = Assert.Single(await host.Service<IPurchaseProposals>().SubmittedAsync(j.Id, CancellationToken.None));
        Assert.Equal((Guid.Parse(proposalId), proposal["sequence"]!.GetValue<long>(), short_ * price, "BAM"),
            (request.ProposalId, request.Sequence, request.Total, request.Currency));
        Assert.Equal(short_, request.Items.Sum(i => i.Quantity));
        Assert.All(request.Items, i => Assert.Equal(i.Quantity * price, i.Amount));
    }

    private async Task<(HttpStatusCode Status, string Body)> CsvAsync(Emis.Platform.Auth.Caller caller, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
