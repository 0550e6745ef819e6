using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Npgsql;

namespace Emis.Assets.Tests;

/// <summary>Device rows held for review, listed (deviceImportReview) and decided once (decideDeviceImportRow).</summary>
[Collection(HostCollection.Name)]
public sealed class DeviceImportReviewTests(EmisHostFixture host)
{
    private const string Clash = "SN-CLASH-01";

    // Row 2 and 6 import; 3 names a school uncertain between Harmani I and Harmani II; 4 a room Harmani I does not have; 5 a serial
    // number registered already at Dardania as another device.
    private const string Csv = """
        School,Serial number,Type,Make,Model,Room
        Harmani I,SN-REV-0001,laptop,Dell,Latitude 3540,Informatika 1
        Harmani,SN-REV-0002,projector,Epson,EB-W51,
        Harmani I,SN-REV-0003,laptop,Lenovo,ThinkPad E14,Kabinet 9
        Harmani I,SN-CLASH-01,tablet,Samsung,Galaxy Tab A9,
        Dardania,SN-REV-0005,printer,HP,LaserJet M110,

        """;

    private const string ReviewQuery = """
        query($id: ID!) { deviceImportReview(importId: $id) { totalCount edges { node { row status errors { field code message }
          device { serialNumber type make model schoolCode room roomId }
          candidates { schoolId code name confidence } other { deviceId type make model schoolCode } } } } }
        """;

    private const string Decide = """
        mutation($input: DecideDeviceImportRowInput!) { decideDeviceImportRow(input: $input) {
          result { row status errors { code message } device { deviceId schoolCode roomId } decision { decision actor decidedAt reason } }
          device { id serialNumber schoolCode holder { kind roomId } } errors { code field message } } }
        """;

    private sealed record Imported(Jurisdiction J, string ImportId, Dictionary<string, string> Schools, string ClashingDevice, string Room);

    [Fact]
    public async Task rows_held_for_review_are_listed_and_registering_one_at_a_chosen_school_and_room_makes_the_device_and_its_figures()
    {
        var import = await ImportAsync();
        var j = import.J;
        var review = (await host.DataAsync(j.Admin, ReviewQuery, new { id = import.ImportId }))["deviceImportReview"]!;
        Assert.Equal(3, review["totalCount"]!.GetValue<int>());
        var nodes = review["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([3, 4, 5], nodes.Select(n => n["row"]!.GetValue<int>()));
        Assert.All(nodes, n => Assert.Equal("REVIEW", n["status"]!.GetValue<string>()));

        var uncertain = nodes[0];
        Assert.Equal("SCHOOL_UNCERTAIN", uncertain["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(("EB-W51", "Epson"), (uncertain["device"]!["model"]!.GetValue<string>(), uncertain["device"]!["make"]!.GetValue<string>()));
        var candidates = uncertain["candidates"]!.AsArray();
        Assert.Equal(["HAR1", "HAR2"], candidates.Take(2).Select(c => c!["code"]!.GetValue<string>()).Order());
        Assert.Equal(import.Schools["HAR2"], candidates.Single(c => c!["code"]!.GetValue<string>() == "HAR2")!["schoolId"]!.GetValue<string>());

        Assert.Equal("ROOM_NOT_FOUND", nodes[1]["errors"]![0]!["code"]!.GetValue<string>());
        var clash = nodes[2];
        Assert.Equal("SERIAL_REGISTERED", clash["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal((import.ClashingDevice, "Laptop", "Acer", "TravelMate P2", "DAR"), (clash["other"]!["deviceId"]!.GetValue<string>(),
            clash["other"]!["type"]!.GetValue<string>(), clash["other"]!["make"]!.GetValue<string>(), clash["other"]!["model"]!.GetValue<string>(),
            clash["other"]!["schoolCode"]!.GetValue<string>()));

        // The uncertain school: the reviewer chooses Harmani II.
        var registered = await host.TrackedAsync(() => DecideAsync(j.Admin, import, 3, "REGISTER", schoolId: import.Schools["HAR2"]));
        Assert.Empty(registered["errors"]!.AsArray());
        Assert.Equal(("IMPORTED", "HAR2", "REGISTER", j.Admin.Subject), (registered["result"]!["status"]!.GetValue<string>(),
            registered["result"]!["device"]!["schoolCode"]!.GetValue<string>(), registered["result"]!["decision"]!["decision"]!.GetValue<string>(),
            registered["result"]!["decision"]!["actor"]!.GetValue<string>()));
        var device = (await host.DataAsync(j.Admin, "query($s: String!) { device(serialNumber: $s) { id schoolCode type make } }",
            new { s = "SN-REV-0002" }))["device"]!;
        Assert.Equal(("HAR2", "PROJECTOR", "Epson"), (device["schoolCode"]!.GetValue<string>(), device["type"]!.GetValue<string>(),
            device["make"]!.GetValue<string>()));

        // The room the school does not have: the reviewer puts the device in one it has.
        var inRoom = await host.TrackedAsync(() => DecideAsync(j.Admin, import, 4, "REGISTER", roomId: import.Room));
        Assert.Empty(inRoom["errors"]!.AsArray());
        Assert.Equal(("ROOM", import.Room), (inRoom["device"]!["holder"]!["kind"]!.GetValue<string>(),
            inRoom["device"]!["holder"]!["roomId"]!.GetValue<string>()));

        // Two imported by the file, one registered before, two in review: in DeviceView, in ast_devices and in the figures.
        Assert.Equal(5L, await CountAsync("select count(*) from emis.mt_doc_deviceview where tenant_id = $1", j.Id));
        Assert.Equal(5L, await CountAsync("select count(*) from emis.ast_devices d join emis.mt_events e on e.seq_id = d.from_seq " +
            "and e.stream_id = d.device_id where d.tenant_id = $1 and d.to_seq is null", j.Id));
        var figures = (await host.DataAsync(j.Admin, "{ assetFigures(schoolYear: \"2025/2026\", groupBy: []) { rows { workingDevices } } }"))
            ["assetFigures"]!["rows"]![0]!;
        Assert.Equal(5, figures["workingDevices"]!.GetValue<int>());

        // The report accounts for the decisions; the queue holds only the clash.
        var (_, report) = await PostAsync(j.Admin);
        var rows = report["results"]!.AsArray();
        Assert.Equal(["imported", "imported", "imported", "review", "imported"], rows.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("REGISTER", rows[1]!["decision"]!["decision"]!.GetValue<string>());
        Assert.Equal((4, 1), (report["summary"]!["imported"]!.GetValue<int>(), report["summary"]!["review"]!.GetValue<int>()));
        Assert.Equal(1, (await host.DataAsync(j.Admin, ReviewQuery, new { id = import.ImportId }))["deviceImportReview"]!["totalCount"]!
            .GetValue<int>());

        // Decided once.
        var again = await DecideAsync(j.Admin, import, 3, "REJECT", reason: "changed my mind");
        Assert.Equal(("RULE_VIOLATED", "row"), (again["errors"]![0]!["code"]!.GetValue<string>(), again["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal(5L, await CountAsync("select count(*) from emis.mt_doc_deviceview where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_serial_number_registered_already_is_not_registered_again_and_rejecting_the_row_records_why_once()
    {
        var import = await ImportAsync();
        var j = import.J;
        var duplicate = await DecideAsync(j.Admin, import, 5, "REGISTER");
        Assert.Null(duplicate["result"]);
        Assert.Equal(("DUPLICATE", "serialNumber"), (duplicate["errors"]![0]!["code"]!.GetValue<string>(),
            duplicate["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Contains(import.ClashingDevice, duplicate["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var noReason = await DecideAsync(j.Admin, import, 5, "REJECT");
        Assert.Equal(("REQUIRED", "reason"), (noReason["errors"]![0]!["code"]!.GetValue<string>(),
            noReason["errors"]![0]!["field"]!.GetValue<string>()));

        var rejected = await DecideAsync(j.Admin, import, 5, "REJECT", reason: "the tablet is the Acer's spare serial sticker");
        Assert.Empty(rejected["errors"]!.AsArray());
        Assert.Equal(("REJECTED", "REJECT", "the tablet is the Acer's spare serial sticker"), (rejected["result"]!["status"]!.GetValue<string>(),
            rejected["result"]!["decision"]!["decision"]!.GetValue<string>(), rejected["result"]!["decision"]!["reason"]!.GetValue<string>()));
        Assert.Contains(rejected["result"]!["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "REJECTED_IN_REVIEW"
            && e["message"]!.GetValue<string>().Contains("spare serial sticker", StringComparison.Ordinal));

        var (_, report) = await PostAsync(j.Admin);
        Assert.Equal("rejected", report["results"]![3]!["status"]!.GetValue<string>());
        Assert.Equal(1, report["summary"]!["rejected"]!.GetValue<int>());

        var twice = await DecideAsync(j.Admin, import, 5, "REJECT", reason: "again");
        Assert.Equal("RULE_VIOLATED", twice["errors"]![0]!["code"]!.GetValue<string>());
        // The device registered before is untouched.
        var device = (await host.DataAsync(j.Admin, "query($s: String!) { device(serialNumber: $s) { id schoolCode make } }", new { s = Clash }))
            ["device"]!;
        Assert.Equal((import.ClashingDevice, "DAR", "Acer"), (device["id"]!.GetValue<string>(), device["schoolCode"]!.GetValue<string>(),
            device["make"]!.GetValue<string>()));
    }

    [Fact]
    public async Task only_someone_who_manages_the_rows_school_decides_it()
    {
        var import = await ImportAsync();
        var other = import.J.SchoolAdmin("DAR");
        var room = await DecideAsync(other, import, 4, "REGISTER");
        Assert.Equal(("FORBIDDEN", "row"), (room["errors"]![0]!["code"]!.GetValue<string>(), room["errors"]![0]!["field"]!.GetValue<string>()));
        var uncertain = await DecideAsync(other, import, 3, "REGISTER", schoolId: import.Schools["DAR"]);
        Assert.Equal("FORBIDDEN", uncertain["errors"]![0]!["code"]!.GetValue<string>());
        var rejected = await DecideAsync(other, import, 4, "REJECT", reason: "not mine");
        Assert.Equal("FORBIDDEN", rejected["errors"]![0]!["code"]!.GetValue<string>());
        var listed = (await host.DataAsync(other, ReviewQuery, new { id = import.ImportId }))["deviceImportReview"]!;
        Assert.Equal(0, listed["totalCount"]!.GetValue<int>());

        // Harmani I's admin decides Harmani I's row, but may not send it to a school outside their scope.
        var own = import.J.SchoolAdmin("HAR1");
        var elsewhere = await DecideAsync(own, import, 4, "REGISTER", schoolId: import.Schools["DAR"]);
        Assert.Equal(("NOT_FOUND", "schoolId"), (elsewhere["errors"]![0]!["code"]!.GetValue<string>(),
            elsewhere["errors"]![0]!["field"]!.GetValue<string>()));
        var mine = await host.TrackedAsync(() => DecideAsync(own, import, 4, "REGISTER"));
        Assert.Empty(mine["errors"]!.AsArray());
        Assert.Equal(("IMPORTED", "HAR1"), (mine["result"]!["status"]!.GetValue<string>(),
            mine["device"]!["schoolCode"]!.GetValue<string>()));
        Assert.Null(mine["device"]!["holder"]);
    }

    private async Task<Imported> ImportAsync()
    {
        var j = new Jurisdiction();
        var schools = new Dictionary<string, string>();
        foreach (var (code, name, municipality) in new[] { ("HAR1", "Harmani I", "Prizren"), ("HAR2", "Harmani II", "Prizren"),
            ("DAR", "Dardania", "Gjakova") })
        {
            schools[code] = (await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, name, municipality))).Id();
        }
        var rooms = await host.DataAsync(j.Admin, """
            mutation($school: ID!) { registerRooms(input: { schoolId: $school, rooms: [{ building: "Main", name: "Informatika 1", kind: COMPUTER_LAB,
              capacity: 24 }, { building: "Main", name: "Učionica 3", kind: CLASSROOM, capacity: 28 }] }) { infrastructure { rooms { roomId name } }
              errors { code field message } } }
            """, new { school = schools["HAR1"] });
        Assert.Empty(rooms["registerRooms"]!["errors"]!.AsArray());
        var room = rooms["registerRooms"]!["infrastructure"]!["rooms"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Učionica 3")!
            ["roomId"]!.GetValue<string>();
        var clashing = await host.TrackedAsync(() => host.DataAsync(j.Admin, """
            mutation($school: ID!, $serial: String!) {
              registerDevice(input: { schoolId: $school, serialNumber: $serial, type: LAPTOP, make: "Acer", model: "TravelMate P2" }) {
                device { id } errors { code field message } }
            }
            """, new { school = schools["DAR"], serial = Clash }));
        var clashingId = clashing["registerDevice"]!["device"]!["id"]!.GetValue<string>();

        var (status, report) = await PostAsync(j.Admin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["imported", "review", "review", "review", "imported"],
            report["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        return new Imported(j, report["importId"]!.GetValue<string>(), schools, clashingId, room);
    }

    private async Task<JsonObject> DecideAsync(Caller caller, Imported import, int row, string decision, string? schoolId = null,
        string? roomId = null, string? reason = null) =>
        (await host.DataAsync(caller, Decide, new { input = new { importId = import.ImportId, row, decision, schoolId, roomId, reason } }))
            ["decideDeviceImportRow"]!.AsObject();

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Caller caller)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "inventory.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/devices") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text });
    }

    private async Task<long> CountAsync(string sql, string tenant)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
