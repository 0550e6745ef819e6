using System.Text.Json.Nodes;
using static Emis.Assets.Tests.AssetsRequests;

namespace Emis.Assets.Tests;

/// <summary>Asset figures, loans and scopes through GraphQL on the real host and PostgreSQL.</summary>
[Collection(HostCollection.Name)]
public sealed class AssetFiguresTests(EmisHostFixture host)
{
    [Fact]
    public async Task figures_count_devices_classrooms_services_and_bandwidth_per_group_as_of_any_sequence_within_the_caller_scope()
    {
        var j = new Jurisdiction();
        var a = await host.SchoolAsync(j, "OS-A", "Bihać");
        var b = await host.SchoolAsync(j, "OS-B", "Cazin");
        var roomsA = (await host.RoomsAsync(j.Admin, a, Classrooms(4)))["rooms"]!.AsArray().Select(r => r!["roomId"]!.GetValue<string>()).ToArray();
        await host.RoomsAsync(j.Admin, b, Classrooms(2));
        for (var i = 0; i < 6; i++) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(a, grade: 5, first: $"Amra{(char)('a' + i)}"));
        for (var i = 0; i < 2; i++) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(b, grade: 5, first: $"Belma{(char)('a' + i)}"));
        await host.RegisteredAsync(j.Admin, a, "FA-1", room: roomsA[0]);
        await host.RegisteredAsync(j.Admin, a, "FA-2", room: roomsA[0]);
        await host.RegisteredAsync(j.Admin, a, "FA-3");
        await host.RegisteredAsync(j.Admin, a, "FA-4", "TABLET", roomsA[1]);
        await host.RegisteredAsync(j.Admin, a, "FA-5", "PROJECTOR", roomsA[2]);
        var broken = await host.RegisteredAsync(j.Admin, b, "FB-1");
        await Ok(j.Admin, Services, new { school = a, year = Year, kind = "CENSUS", services = AllServices() }, "reportBasicServices");
        await Ok(j.Admin, Services, new
        {
            school = b,
            year = Year,
            kind = "CENSUS",
            services = AllServices(electricity: "NONE",
            internet: "STAFF_ONLY", water: false)
        },
            "reportBasicServices");
        await Ok(j.Admin, Connection, new { school = a, type = "DSL", down = 2m, up = 1m, since = "2025-09-01" }, "recordConnection");
        await Ok(j.Admin, Connection, new { school = b, type = "FIBRE", down = 10m, up = 10m, since = "2025-09-01" }, "recordConnection");
        var before = await FiguresAsync(j.Admin, ["MUNICIPALITY"]);
        // Without a bandwidth norm (or a minimum asked), schools below it are not a figure: said, never 0.
        Assert.Equal("no bandwidth norm (setBandwidthNorm) and no minimumMbps asked", Row(before,
            "Bihać")["belowBandwidth"]!["reason"]!.GetValue<string>());
        await Ok(j.Admin, State, new { device = broken, state = "BROKEN", reason = "dropped", on = "2026-03-10" }, "changeDeviceState");
        await Ok(j.Admin, Bandwidth, new { mbps = 0.5m }, "setBandwidthNorm");

        var figures = await FiguresAsync(j.Admin, ["MUNICIPALITY"]);
        var bihac = Row(figures, "Bihać");
        // Learners per working computer: 6 learners, 3 laptops and a tablet (the projector is not a computer).
        Assert.Equal((6, 4, 1.5m), (bihac["learners"]!.GetValue<int>(), (int)bihac["learnersPerDevice"]!["denominator"]!.GetValue<decimal>(),
            bihac["learnersPerDevice"]!["value"]!.GetValue<decimal>()));
        Assert.Equal((5, 5), (bihac["devices"]!.GetValue<int>(), bihac["workingDevices"]!.GetValue<int>()));
        // Three of four classrooms have a working device in them (the projector's room counts).
        Assert.Equal((75m, 4), (bihac["classroomsWithDevice"]!["value"]!.GetValue<decimal>(), bihac["classrooms"]!.GetValue<int>()));
        // 2 Mbit/s for 6 learners at 0.5 each is below what the school needs.
        Assert.Equal((100m, 1m), (bihac["belowBandwidth"]!["value"]!.GetValue<decimal>(),
            bihac["belowBandwidth"]!["denominator"]!.GetValue<decimal>()));
        var cazin = Row(figures, "Cazin");
        Assert.Equal("no working computers", cazin["learnersPerDevice"]!["reason"]!.GetValue<string>());
        Assert.Equal((1, 100m), (cazin["brokenOrLostDevices"]!.GetValue<int>(), cazin["brokenOrLost"]!["value"]!.GetValue<decimal>()));
        Assert.Equal(0m, cazin["belowBandwidth"]!["value"]!.GetValue<decimal>());
        Assert.Equal(0m, cazin["electricity"]!["value"]!.GetValue<decimal>());

        // Over the jurisdiction: half the schools have electricity, drinking water and Internet for pupils; all adapted.
        var all = Assert.Single((await FiguresAsync(j.Analyst, []))["rows"]!.AsArray())!;
        // Internet for pedagogical purposes counts where pupils can use it (UIS), so not the school whose staff alone have it.
        Assert.Equal((2, 50m, 50m, 50m, 100m), (all["schoolsReporting"]!.GetValue<int>(), all["electricity"]!["value"]!.GetValue<decimal>(),
            all["drinkingWater"]!["value"]!.GetValue<decimal>(), all["internet"]!["value"]!.GetValue<decimal>(),
            all["adaptedForDisabilities"]!["value"]!.GetValue<decimal>()));

        // By device type: a school's services are not a device type's; laptops are counted with the broken one.
        var byType = await FiguresAsync(j.Admin, ["DEVICE_TYPE"]);
        var laptops = byType["rows"]!.AsArray().Single(r => r!["deviceType"]!.GetValue<string>() == "LAPTOP")!;
        Assert.Equal((4, 3, 8), (laptops["devices"]!.GetValue<int>(), laptops["workingDevices"]!.GetValue<int>(),
            laptops["learners"]!.GetValue<int>()));
        Assert.Equal("basic services are a school's, not a device type's", laptops["electricity"]!["reason"]!.GetValue<string>());
        // By state: the broken laptop under BROKEN.
        var byState = await FiguresAsync(j.Admin, ["STATE"]);
        Assert.Equal(1, byState["rows"]!.AsArray().Single(r => r!["state"]!.GetValue<string>() == "BROKEN")!["devices"]!.GetValue<int>());

        // As of the sequence before the laptop broke, nothing was broken and no bandwidth norm stood.
        var then = await FiguresAsync(j.Admin, ["MUNICIPALITY"], before["sequence"]!.GetValue<long>());
        Assert.Equal(0, Row(then, "Cazin")["brokenOrLostDevices"]!.GetValue<int>());
        Assert.Null(then["mbpsPerLearner"]);
        Assert.Equal(before.ToJsonString(), then.ToJsonString());

        // A school sees its own row; a municipality its own.
        Assert.Equal(["Cazin"], (await FiguresAsync(j.SchoolAdmin("OS-B"), ["MUNICIPALITY"]))["rows"]!.AsArray()
            .Select(r => r!["municipality"]!.GetValue<string>()));
        Assert.Equal(["Bihać"], (await FiguresAsync(j.Officer("Bihać"), ["MUNICIPALITY"]))["rows"]!.AsArray()
            .Select(r => r!["municipality"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_school_that_moved_counts_whole_where_it_stood_and_its_proposal_still_reproduces_as_of_its_sequence()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "OS-MV", "Bihać");
        await host.RoomsAsync(j.Admin, school, Classrooms(4));
        await host.RegisteredAsync(j.Admin, school, "MV-1");
        await host.RegisteredAsync(j.Admin, school, "MV-2");
        await Ok(j.Admin, Norm, new { code = "LAPTOP-CLASSROOM", type = "LAPTOP", basis = "PER_CLASSROOM", quantity = 1 }, "setDeviceNorm");
        await Ok(j.Admin, Price, new { type = "LAPTOP", currency = "BAM", price = 1400m }, "setDevicePrice");
        var compute = new { year = Year, currency = "BAM", norms = new[] { "LAPTOP-CLASSROOM" }, schools = new[] { school }, seq = default(long?) };
        var before = (await host.DataAsync(j.Admin, Compute, compute))["purchaseProposal"]!;

        // The Registry moves the school to another municipality (Assets hears of it); a laptop and a classroom are added there.
        await host.TrackedAsync(() => host.MutateAsync(j.Admin, """
            mutation($input: MoveSchoolInput!) { moveSchool(input: $input) { errors { code field message } } }
            """, new { input = new { schoolId = school, municipality = "Bužim", reason = "boundary change" } }, "moveSchool"));
        await host.RoomsAsync(j.Admin, school, new[] { new { building = "Annex", name = "A1", kind = "CLASSROOM", capacity = 24 } });
        await host.RegisteredAsync(j.Admin, school, "MV-3");

        // Its rows written before the move say Bihać, the new ones Bužim: the school counts whole, where it stands now.
        var row = Assert.Single((await FiguresAsync(j.Admin, ["SCHOOL"]))["rows"]!.AsArray())!;
        Assert.Equal(("Bužim", 3, 5), (row["municipality"]!.GetValue<string>(), row["workingDevices"]!.GetValue<int>(),
            row["classrooms"]!.GetValue<int>()));
        Assert.Equal(["Bužim"], (await FiguresAsync(j.Officer("Bužim"), ["SCHOOL"]))["rows"]!.AsArray()
            .Select(r => r!["municipality"]!.GetValue<string>()));
        Assert.Empty((await FiguresAsync(j.Officer("Bihać"), ["SCHOOL"]))["rows"]!.AsArray());
        // As of the sequence before the move, the proposal is what it was, place and all.
        var again = (await host.DataAsync(j.Admin, Compute, compute with { seq = before["sequence"]!.GetValue<long>() }))["purchaseProposal"]!;
        Assert.Equal(before["lines"]!.ToJsonString(), again["lines"]!.ToJsonString());
        var now = (await host.DataAsync(j.Admin, Compute, compute))["purchaseProposal"]!["lines"]![0]!;
        Assert.Equal((5, 3, 2), (now["required"]!.GetValue<int>(), now["working"]!.GetValue<int>(), now["shortfall"]!.GetValue<int>()));
    }

    [Fact]
    public async Task devices_are_loaned_to_the_school_learners_managed_within_scope_and_who_holds_one_is_personal()
    {
        var j = new Jurisdiction();
        var a = await host.SchoolAsync(j, "OS-L", "Bihać");
        var b = await host.SchoolAsync(j, "OS-M", "Cazin");
        var ours = (await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(a, grade: 7)))["id"]!.GetValue<string>();
        var theirs = (await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(b, grade: 7, first: "Mirza")))["id"]!.GetValue<string>();
        var admin = j.SchoolAdmin("OS-L");
        var laptop = await host.RegisteredAsync(admin, a, "LN-1");
        var due = DateTime.UtcNow.AddDays(45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Another school's learner: refused, naming that learner's school; ours: loaned, due back on the date.
        var refused = await host.MutateAsync(admin, Assign, new { device = laptop, learner = theirs, due }, "assignDevice");
        Assert.Equal(("RULE_VIOLATED", "learnerId"), LearnerRequests.Error(refused));
        Assert.Contains("OS-M", refused["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var loaned = await host.MutateAsync(admin, Assign, new { device = laptop, learner = ours, due }, "assignDevice");
        LearnerRequests.Ok(loaned);
        Assert.Equal(("LEARNER", ours, due), (loaned["device"]!["holder"]!["kind"]!.GetValue<string>(),
            loaned["device"]!["holder"]!["learnerId"]!.GetValue<string>(), loaned["device"]!["holder"]!["dueOn"]!.GetValue<string>()));
        // Whom it is loaned to is personal: a partner and an analyst without the grant see that it is loaned, not to whom.
        const string read = "query($id: ID!) { device(id: $id) { holder { kind learnerId } } }";
        var seen = (await host.DataAsync(j.Partner, read, new { id = laptop }))["device"]!["holder"]!;
        Assert.Equal("LEARNER", seen["kind"]!.GetValue<string>());
        Assert.Null(seen["learnerId"]);
        Assert.Null((await host.DataAsync(j.SchoolAdmin("OS-M"), read, new { id = laptop }))["device"]);

        // Held: returned before anyone else gets it.
        Assert.Equal(("RULE_VIOLATED", "deviceId"), LearnerRequests.Error(await host.MutateAsync(admin, Assign,
            new { device = laptop, room = (string?)null, learner = ours, due }, "assignDevice")));
        // A transfer changes two schools' inventories: a school admin may not push a device into another school.
        Assert.Equal(("NOT_FOUND", "toSchoolId"), LearnerRequests.Error(await host.MutateAsync(admin, Transfer, new { device = laptop, to = b },
            "transferDevice")));

        // Scopes: another school's admin does not find the school; an analyst may read, not change.
        Assert.Equal(("NOT_FOUND", "schoolId"), LearnerRequests.Error(await host.DeviceAsync(j.SchoolAdmin("OS-M"), a, "LN-2")));
        Assert.Equal(("FORBIDDEN", "schoolId"), LearnerRequests.Error(await host.DeviceAsync(j.Analyst, a, "LN-2")));
        // The same serial, written otherwise, is the same device: refused naming it.
        var twice = await host.DeviceAsync(j.Admin, b, "ln 1");
        Assert.Equal(("DUPLICATE", "serialNumber"), LearnerRequests.Error(twice));
        Assert.Contains(laptop, twice["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Returned, written off: no longer assigned, transferred or counted.
        await Ok(admin, """mutation($d: ID!) { returnDevice(input: { deviceId: $d }) { errors { code field message } } }""", new { d = laptop },
            "returnDevice");
        await Ok(j.Admin, State, new { device = laptop, state = "WRITTEN_OFF", reason = "beyond repair" }, "changeDeviceState");
        Assert.Equal(("RULE_VIOLATED", "deviceId"), LearnerRequests.Error(await host.MutateAsync(admin, Assign,
            new { device = laptop, learner = ours, due }, "assignDevice")));
        Assert.Equal(("RULE_VIOLATED", "deviceId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Transfer,
            new { device = laptop, to = b }, "transferDevice")));
        Assert.Empty((await host.DataAsync(admin, "query($s: ID!) { devices(schoolId: $s) { totalCount edges { node { id } } } }",
            new { s = a }))["devices"]!["edges"]!.AsArray());
        Assert.Single((await host.DataAsync(admin,
            "query($s: ID!) { devices(schoolId: $s, state: WRITTEN_OFF) { totalCount edges { node { id } } } }", new { s = a }))["devices"]!
            ["edges"]!.AsArray());
    }

    [Fact]
    public async Task a_municipality_officer_subscribed_to_asset_figures_hears_devices_arrive_and_break_over_a_real_websocket()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "OS-W", "Bihać");
        await host.RoomsAsync(j.Admin, school, Classrooms(2));
        await using var officer = await WsClient.ConnectAsync(host, j.Officer("Bihać"));
        await officer.SubscribeAsync("a", """
            subscription { assetFiguresChanged(schoolYear: "2025/2026", groupBy: [MUNICIPALITY]) {
              rows { municipality devices workingDevices classroomsWithDevice { value } } } }
            """);
        static string Rows(JsonObject message) => string.Join(" ", message["payload"]!["data"]!["assetFiguresChanged"]!["rows"]!.AsArray()
            .Select(r => $"{r!["municipality"]}:{r["devices"]}:{r["workingDevices"]}:{r["classroomsWithDevice"]!["value"]}"));
        Assert.Equal("Bihać:0:0:0", Rows(await officer.ReceiveAsync()));

        var infrastructure = await host.DataAsync(j.Admin, "query($s: ID!) { schoolInfrastructure(schoolId: $s) { rooms { roomId } } }",
            new { s = school });
        var room = infrastructure["schoolInfrastructure"]!["rooms"]![0]!["roomId"]!.GetValue<string>();
        var laptop = await host.RegisteredAsync(j.Admin, school, "WS-1", room: room);
        Assert.Equal("Bihać:1:1:50", Rows(await officer.ReceiveAsync()));
        await Ok(j.Admin, State, new { device = laptop, state = "BROKEN", reason = "fell" }, "changeDeviceState");
        Assert.Equal("Bihać:1:0:0", Rows(await officer.ReceiveAsync()));
    }

    private async Task Ok(Emis.Platform.Auth.Caller caller, string mutation, object variables, string field) =>
        LearnerRequests.Ok(await host.MutateAsync(caller, mutation, variables, field));

    private async Task<JsonObject> FiguresAsync(Emis.Platform.Auth.Caller caller, string[] groupBy, long? seq = null) =>
        (await host.DataAsync(caller, AssetsRequests.Figures, new { year = Year, groupBy, seq }))["assetFigures"]!.AsObject();

    private static JsonNode Row(JsonObject figures, string municipality) =>
        figures["rows"]!.AsArray().Single(r => r!["municipality"]?.GetValue<string>() == municipality)!;
}
