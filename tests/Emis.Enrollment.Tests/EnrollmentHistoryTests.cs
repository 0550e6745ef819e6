using System.Text.Json.Nodes;

namespace Emis.Enrollment.Tests;

[Collection(HostCollection.Name)]
public sealed class EnrollmentHistoryTests(EmisHostFixture host)
{
    [Fact]
    public async Task concurrent_changes_to_one_learner_let_one_win_and_the_other_gets_a_concurrency_conflict()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var other = await host.SchoolAsync(j, "P-2", "Prizren");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        var version = learner["version"]!.GetValue<long>();

        var stale = await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new
            {
                input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT", expectedVersion = version - 1 },
            },
                "withdrawLearner");
        Assert.Equal(("CONCURRENCY_CONFLICT", "expectedVersion"), LearnerRequests.Error(stale));

        var racers = Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? host.MutateAsync(j.Admin, LearnerRequests.Transfer,
                new
                {
                    input = new
                    {
                        learnerId = learner.Id(),
                        schoolYear = LearnerRequests.Year,
                        toSchoolId = other,
                        section = "R" + i,
                        expectedVersion = version
                    }
                }, "transferLearner")
            : host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
                new
                {
                    input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD", expectedVersion = version },
                },
                    "withdrawLearner"));
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r["errors"]!.AsArray().Count == 0);
        Assert.All(results.Where(r => r["errors"]!.AsArray().Count > 0), r => Assert.Equal("CONCURRENCY_CONFLICT", LearnerRequests.Error(r).Code));
        var after = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = learner.Id() }))["learner"]!;
        Assert.Equal(version + 1, after["version"]!.GetValue<long>());
        Assert.Equal(3, after["history"]!.AsArray().Count);
        var total = (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>();
        Assert.Equal(after["status"]!.GetValue<string>() == "WITHDRAWN" ? 0 : 1, total);
    }

    [Fact]
    public async Task asking_as_of_an_instant_returns_the_figures_and_the_learner_as_they_were_then_every_time()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var moving = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, sex: "FEMALE"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1));

        // Time ordering under test, not a wait: the census instant lies strictly between the events before it and those after
        // it (event times are cut to the microsecond), so the clock moves on either side of it.
        await Task.Delay(30);
        var census = DateTimeOffset.UtcNow;
        await Task.Delay(30);

        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new { input = new { learnerId = moving.Id(), schoolYear = LearnerRequests.Year, toSchoolId = g1, section = "A" } }, "transferLearner"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1, sex: "FEMALE"));
        var withdrawn = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = withdrawn.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner"));

        string[] keys = ["municipality", "sex"];
        var now = await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SEX"]);
        Assert.Equal(
            ["municipality=Gjakova,sex=FEMALE:2", "municipality=Gjakova,sex=MALE:1", "municipality=Prizren,sex=MALE:1"],
            LearnerRequests.Rows(now, keys));

        var then = await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SEX"], asOf: census);
        Assert.Equal(
            ["municipality=Gjakova,sex=MALE:1", "municipality=Prizren,sex=FEMALE:1", "municipality=Prizren,sex=MALE:1"],
            LearnerRequests.Rows(then, keys));
        var again = await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SEX"], asOf: census);
        Assert.Equal(then["rows"]!.ToJsonString(), again["rows"]!.ToJsonString());
        Assert.Equal(census, again["asOf"]!.GetValue<DateTimeOffset>());

        var past = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = moving.Id(), asOf = census }))["learner"]!;
        Assert.Equal("P-1", past["enrollment"]!["schoolCode"]!.GetValue<string>());
        Assert.Equal(2, past["history"]!.AsArray().Count);
        var present = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = moving.Id() }))["learner"]!;
        Assert.Equal("G-1", present["enrollment"]!["schoolCode"]!.GetValue<string>());
        var beforeBirth = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = withdrawn.Id(), asOf = census }))["learner"];
        Assert.Null(beforeBirth);
    }

    [Fact]
    public async Task subscribers_receive_changed_figures_and_learner_changes_within_their_scope_only()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1));
        const string figures =
            """subscription { enrollmentStatisticsChanged(groupBy: [MUNICIPALITY, SEX], schoolYear: "2025/2026") { snapshot rows { municipality """ +
            """sex count } } }""";

        await using var ministry = await WsClient.ConnectAsync(host, j.Admin);
        await ministry.SubscribeAsync("f", figures);
        var snapshot = await ministry.ReceiveAsync();
        Assert.True(snapshot["payload"]!["data"]!["enrollmentStatisticsChanged"]!["snapshot"]!.GetValue<bool>());
        Assert.Equal("Prizren/MALE=1", Row(snapshot, 0));

        await using var gjakova = await WsClient.ConnectAsync(host, j.Officer("Gjakova"));
        await gjakova.SubscribeAsync("f", figures);
        Assert.Empty((await gjakova.ReceiveAsync())["payload"]!["data"]!["enrollmentStatisticsChanged"]!["rows"]!.AsArray());
        await using var watcher = await WsClient.ListeningAsync(host, j.SchoolAdmin("P-1"), "l",
            $$"""subscription { learnerChanged(id: "{{learner.Id()}}") { change learner { enrollment { schoolCode section } } } }""");
        await using var outsider = await WsClient.ListeningAsync(host, j.SchoolAdmin("G-1"), "l",
            $$"""subscription { learnerChanged(id: "{{learner.Id()}}") { change } }""");

        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1, sex: "FEMALE"));

        var change = await ministry.ReceiveAsync();
        Assert.False(change["payload"]!["data"]!["enrollmentStatisticsChanged"]!["snapshot"]!.GetValue<bool>());
        Assert.Equal("Gjakova/FEMALE=1", Row(change, 0));
        Assert.Single(change["payload"]!["data"]!["enrollmentStatisticsChanged"]!["rows"]!.AsArray());
        Assert.Equal("Gjakova/FEMALE=1", Row(await gjakova.ReceiveAsync(), 0));

        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));
        var emptied = await ministry.ReceiveAsync();
        Assert.Equal("Prizren/MALE=0", Row(emptied, 0));
        var pushed = await watcher.ReceiveAsync();
        Assert.Equal("withdrawn", pushed["payload"]!["data"]!["learnerChanged"]!["change"]!.GetValue<string>());

        // Nothing reached the subscribers outside the scope: their next message is the pong to this ping.
        Assert.Equal("pong", await outsider.PingPongAsync());
        Assert.Equal("pong", await gjakova.PingPongAsync());
    }

    private static string Row(JsonObject message, int index)
    {
        var row = message["payload"]!["data"]!["enrollmentStatisticsChanged"]!["rows"]![index]!;
        return $"{row["municipality"]}/{row["sex"]}={row["count"]}";
    }
}
