using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Platform.Auth;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>The demo canton's infrastructure, devices and its one purchase proposal, as `./emis up` loads them.</summary>
[Collection(DemoCollection.Name)]
public sealed class DemoAssetsTests(DemoHostFixture host)
{
    private const string Proposals = """
        query { purchaseProposals { totalCount edges { node { name currency total norms { code }
                totals { deviceType required working shortfall unitPrice amount } lines { schoolCode classrooms shortfall } } } } }
        """;

    private const string Figures = """
        query($year: String!) {
          assetFigures(schoolYear: $year, groupBy: [MUNICIPALITY]) {
            mbpsPerLearner
            rows { municipality devices workingDevices learners classrooms schoolsReporting connectionsRecorded brokenOrLostDevices
                   classroomsWithDevice { value } electricity { value numerator denominator } internet { value numerator }
                   computers { value } adaptedForDisabilities { value numerator } drinkingWater { value } singleSexSanitation { value }
                   handwashing { value } belowBandwidth { value numerator } learnersPerDevice { value } }
          }
        }
        """;

    [Fact]
    public async Task the_demo_canton_is_short_of_laptops_and_its_saved_proposal_prices_the_shortfall_loaded_once()
    {
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var logger = host.Service<ILoggerFactory>().CreateLogger("demo");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        var ministry = new Caller("demo-test", Roles.MinistryAdmin, jurisdiction, null, null);

        // One saved proposal, the laptop norm in BAM: laptops are short, and its total is the shortfall at the price list's price.
        var proposals = (await host.DataAsync(ministry, Proposals))["purchaseProposals"]!["edges"]!.AsArray();
        var proposal = Assert.Single(proposals)!["node"]!;
        Assert.Equal((DemoAssets.ProposalName, "BAM", DemoAssets.LaptopNorm),
            (proposal["name"]!.GetValue<string>(), proposal["currency"]!.GetValue<string>(), proposal["norms"]![0]!["code"]!.GetValue<string>()));
        var laptops = Assert.Single(proposal["totals"]!.AsArray())!;
        Assert.Equal("LAPTOP", laptops["deviceType"]!.GetValue<string>());
        var shortfall = laptops["shortfall"]!.GetValue<int>();
        var price = DemoAssets.Prices.Single(p => p.Type == DeviceType.Laptop).Bam;
        Assert.True(shortfall > 0, "laptops are short");
        Assert.True(laptops["working"]!.GetValue<int>() > 0, "some classrooms have a laptop");
        Assert.Equal(laptops["required"]!.GetValue<int>(), proposal["lines"]!.AsArray().Sum(l => l!["classrooms"]!.GetValue<int>()));
        Assert.Equal(price, laptops["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(shortfall * price, proposal["total"]!.GetValue<decimal>());
        Assert.Contains(proposal["lines"]!.AsArray(), l => l!["shortfall"]!.GetValue<int>() == 0);

        // SDG 4.a.1 in every municipality from the 2025/2026 census: most have electricity and water, fewer adapted infrastructure.
        var figures = (await host.DataAsync(ministry, Figures, new { year = DemoLearners.SchoolYear }))["assetFigures"]!;
        var rows = figures["rows"]!.AsArray();
        Assert.Equal(8, rows.Count);
        Assert.Equal(70, rows.Sum(r => r!["schoolsReporting"]!.GetValue<long>()));
        decimal Percent(string figure) =>
            100m * rows.Sum(r => r![figure]!["numerator"]!.GetValue<long>()) / rows.Sum(r => r!["schoolsReporting"]!.GetValue<long>());
        Assert.InRange(Percent("electricity"), 95m, 99.9m);
        // Internet for pedagogical purposes counts where pupils can use it (UIS): fewer than schools with a line.
        Assert.InRange(Percent("internet"), 60m, 99.9m);
        Assert.True(Percent("adaptedForDisabilities") < 50m);
        Assert.All(rows, r =>
        {
            foreach (var figure in new[] { "electricity", "internet", "computers", "drinkingWater", "singleSexSanitation", "handwashing" })
            {
                Assert.NotNull(r![figure]!["value"]);
            }
            Assert.NotNull(r!["learnersPerDevice"]!["value"]);
            Assert.NotNull(r["classroomsWithDevice"]!["value"]);
            Assert.NotNull(r["belowBandwidth"]!["value"]);
        });
        Assert.True(rows.Sum(r => r!["belowBandwidth"]!["numerator"]!.GetValue<long>()) > 0, "some lines are too slow for their learners");
        Assert.True(rows.Sum(r => r!["brokenOrLostDevices"]!.GetValue<long>()) > 0);

        // Loans to the school's own learners, with a due date; an outage still open.
        var store = host.Service<IDocumentStore>();
        await using (var query = store.QuerySession(jurisdiction))
        {
            var loans = await query.Query<DeviceView>().Where(d => d.Holder != null && d.Holder.Kind == HolderKind.Learner).ToListAsync();
            Assert.NotEmpty(loans);
            Assert.All(loans, d => Assert.NotNull(d.Holder!.DueOn));
            Assert.Contains(await query.Query<DeviceView>().ToListAsync(), d => d.State == DeviceState.WrittenOff && d.StateReason is not null);
            var infrastructure = await query.Query<SchoolInfrastructureView>().ToListAsync();
            Assert.Single(infrastructure, s => s.Outages.Any(o => o.Ended is null));
        }

        // Loaded once: a second start changes nothing.
        var before = await AssetsEventsAsync();
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        Assert.Equal(before, await AssetsEventsAsync());
    }

    private async Task<Dictionary<string, long>> AssetsEventsAsync()
    {
        await using var db = new NpgsqlConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, count(*) from emis.mt_events where tenant_id = $1 and type like 'assets.%' group by type", db);
        command.Parameters.Add(new NpgsqlParameter { Value = EmisComposition.DefaultJurisdiction });
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
