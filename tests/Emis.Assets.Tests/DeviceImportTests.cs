using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Emis.Assets.Devices;
using Emis.Platform.Auth;
using Npgsql;

namespace Emis.Assets.Tests;

/// <summary>The device inventory import end to end: generated messy inventories in four languages through <c>POST /api/imports/devices</c>.</summary>
[Collection(HostCollection.Name)]
public sealed class DeviceImportTests(EmisHostFixture host)
{
    private static readonly InventorySchool[] Bihac =
    [
        new("BI-01", "JU OŠ \"Prekounje\" Bihać", "Bihać"), new("BI-02", "Shkolla Fillore Naim Frashëri", "Bihać"),
        new("BI-03", "Mimar Sinan İlkokulu", "Bihać"),
    ];

    private static readonly InventorySchool Cazin = new("CA-01", "Gimnazija Cazin", "Cazin");
    private static readonly InventorySchool Closed = new("CA-09", "JU OŠ Stara Zatvorena", "Cazin");
    private const string Room = "Informatika 1";

    [Theory]
    [InlineData(20261, "en", false)]
    [InlineData(7, "bs", true)]
    [InlineData(4242, "sq", true)]
    [InlineData(99, "tr", false)]
    public async Task a_messy_inventory_is_imported_with_every_row_accounted_for_serials_registered_already_held_for_review_and_no_second_run(
        int seed, string language, bool asOfficer)
    {
        var j = new Jurisdiction();
        var ids = await SetUpAsync(j);
        var inEmis = "EM" + seed.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "X";
        var registered = await host.DataAsync(j.Admin, """
            mutation($school: ID!, $serial: String!) {
              registerDevice(input: { schoolId: $school, serialNumber: $serial, type: LAPTOP, make: "Acer", model: "TravelMate P2", cost: 900,
                currency: "BAM" }) { device { id } errors { code field message } }
            }
            """, new { school = ids["BI-02"], serial = inEmis });
        var existingId = registered["registerDevice"]!["device"]!["id"]!.GetValue<string>();

        var generator = new InventoryGenerator(seed, language);
        var file = generator.Generate(44, Bihac, Room, inEmis, Closed, asOfficer ? Cazin : null);
        var caller = asOfficer ? j.Officer("Bihać") : j.Admin;
        var (status, report) = await PostAsync(caller, file, $"inventar-{language}.csv");
        Assert.Equal(HttpStatusCode.OK, status);

        // Every row accounted for, in file order, once.
        var expected = generator.Expected;
        var results = report["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(expected.Select(e => e.Row), results.Select(r => r["row"]!.GetValue<int>()));
        var summary = report["summary"]!;
        Assert.Equal(expected.Count, new[] { "imported", "duplicate", "review", "rejected" }.Sum(s => summary[s]!.GetValue<int>()));
        foreach (var (want, got) in expected.Zip(results))
        {
            var what = $"row {want.Row}: {got.ToJsonString()}";
            Assert.True(want.Status == got["status"]!.GetValue<string>(), what);
            if (want.Code is not null)
            {
                Assert.True(got["errors"]!.AsArray()
                    .Any(e => e!["field"]!.GetValue<string>() == want.Field && e["code"]!.GetValue<string>() == want.Code), what);
                Assert.All(got["errors"]!.AsArray(), e => Assert.False(string.IsNullOrWhiteSpace(e!["message"]!.GetValue<string>())));
            }
            var other = got["other"];
            if (want.OtherSerialInEmis)
            {
                // The other device named: its id, type, make and model, and school.
                Assert.Equal((existingId, "Laptop", "Acer", "TravelMate P2", "BI-02"), (other!["deviceId"]!.GetValue<string>(),
                    other["type"]!.GetValue<string>(), other["make"]!.GetValue<string>(), other["model"]!.GetValue<string>(),
                    other["schoolCode"]!.GetValue<string>()));
                Assert.Contains(existingId, got["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            else if (want.OtherRow is { } otherRow)
            {
                var first = expected.Single(e => e.Row == otherRow);
                Assert.Equal((otherRow, DeviceIdentity.For(j.Id, first.Serial!).ToString(), first.SchoolCode),
                    (other!["row"]!.GetValue<int>(), other["deviceId"]!.GetValue<string>(), other["schoolCode"]!.GetValue<string>()));
            }
        }

        // Clean rows imported exactly: each device as the file meant it, in Emis and in its figures.
        var imported = expected.Where(e => e.Status == "imported").ToList();
        Assert.True(imported.Count >= 30, $"{imported.Count} imported");
        foreach (var want in imported)
        {
            var device = (await host.DataAsync(j.Admin, "query($s: String!) { device(serialNumber: $s) { id type make model schoolCode cost " +
                "currency state holder { kind roomId } } }", new { s = want.Serial }))["device"]!;
            Assert.Equal((want.Type, want.Make, want.SchoolCode, want.Cost, want.Currency, "WORKING"), (device["type"]!.GetValue<string>(),
                device["make"]!.GetValue<string>(), device["schoolCode"]!.GetValue<string>(), device["cost"]!.GetValue<decimal>(),
                device["currency"]!.GetValue<string>(), device["state"]!.GetValue<string>()));
            Assert.Equal(want.Room is null ? null : "ROOM", device["holder"]?["kind"]?.GetValue<string>());
        }
        Assert.Equal(imported.Count + 1L, await CountAsync("select count(*) from emis.mt_doc_deviceview where tenant_id = $1", j.Id));
        Assert.Equal(imported.Count + 1L, await CountAsync(
            "select count(*) from emis.ast_devices d join emis.mt_events e on e.seq_id = d.from_seq and e.stream_id = d.device_id " +
            "where d.tenant_id = $1 and d.to_seq is null", j.Id));
        var figures = (await host.DataAsync(j.Admin, "{ assetFigures(schoolYear: \"2025/2026\", groupBy: []) { rows { devices workingDevices } } }"))
            ["assetFigures"]!["rows"]![0]!;
        Assert.Equal(imported.Count + 1, figures["workingDevices"]!.GetValue<int>());
        await host.DataAsync(j.Admin, """
            mutation { setDeviceNorm(input: { code: "L1", description: "one laptop per school", deviceType: LAPTOP, basis: PER_SCHOOL,
              quantity: 1 }) {
              errors { code } } }
            """);
        const string proposalQuery = "{ purchaseProposal(schoolYear: \"2025/2026\", currency: \"BAM\") { totals { deviceType working } } }";
        var proposal = (await host.DataAsync(j.Admin, proposalQuery))
            ["purchaseProposal"]!["totals"]!.AsArray();
        Assert.Equal(imported.Count(e => e.Type == "LAPTOP") + 1, proposal.Single(t => t!["deviceType"]!.GetValue<string>() == "LAPTOP")!["working"]!
            .GetValue<int>());

        // The same file again: the same report, nothing written.
        var (again, second) = await PostAsync(caller, file, $"inventar-{language}.csv");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(report.ToJsonString(), second.ToJsonString());
        Assert.Equal(imported.Count + 1L, await CountAsync("select count(*) from emis.mt_doc_deviceview where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_device_import_asked_to_respond_async_is_accepted_at_once_and_reports_completion()
    {
        var j = new Jurisdiction();
        await SetUpAsync(j);
        var generator = new InventoryGenerator(5, "en");
        var file = generator.Generate(8, Bihac, Room, "ZZ999999Z", Closed, null);
        using var form = Form(file, "inventory.csv");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/imports/devices") { Content = form };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        post.Headers.Add("Prefer", "respond-async");
        using var accepted = await host.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        Assert.StartsWith("/api/imports/devices/", location, StringComparison.Ordinal);

        var until = DateTime.UtcNow + EmisHostFixture.Patience;
        var transient = new List<string>();
        JsonObject progress;
        while (true)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
            using var response = await host.Http.SendAsync(get);
            var body = await response.Content.ReadAsStringAsync();
            progress = JsonNode.Parse(body)!.AsObject();
            // A poll answered with a problem (seen once in a full run, not reproduced) is recorded and polled again.
            if (!response.IsSuccessStatusCode) transient.Add($"{(int)response.StatusCode}: {body}");
            else if (progress["status"]!.GetValue<string>() is "COMPLETED" or "FAILED") break;
            if (DateTime.UtcNow > until) break;
            await Task.Delay(100);
        }
        Assert.True(progress["status"]?.GetValueKind() == System.Text.Json.JsonValueKind.String, string.Join("; ", transient));
        Assert.Equal("COMPLETED", progress["status"]!.GetValue<string>());
        Assert.Equal(generator.Expected.Count, progress["rows"]!.GetValue<int>());
        Assert.Equal(generator.Expected.Count(e => e.Status == "imported"), progress["summary"]!["imported"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync("select count(*) from emis.imp_queue where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_school_admin_imports_devices_only_at_their_school_and_a_teacher_not_at_all()
    {
        var j = new Jurisdiction();
        await SetUpAsync(j);
        const string csv = "Škola;Serijski broj;Vrsta;Proizvođač;Model;Cijena (KM)\n" +
            "BI-01;SN-A-0001;prijenosnik;dell;Latitude 3540;\"1.250,00\"\n" +
            "BI-02;SN-A-0002;projektor;EPSON;EB-W51;900\n";
        var (status, report) = await PostAsync(j.SchoolAdmin("BI-01"), System.Text.Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        var rows = report["results"]!.AsArray();
        Assert.Equal(("imported", "Dell", 1250m, "BAM"), (rows[0]!["status"]!.GetValue<string>(), rows[0]!["device"]!["make"]!.GetValue<string>(),
            rows[0]!["device"]!["cost"]!.GetValue<decimal>(), rows[0]!["device"]!["currency"]!.GetValue<string>()));
        var forbidden = rows[1]!;
        Assert.Equal(("rejected", "FORBIDDEN", "school"), (forbidden["status"]!.GetValue<string>(),
            forbidden["errors"]![0]!["code"]!.GetValue<string>(), forbidden["errors"]![0]!["field"]!.GetValue<string>()));

        var (teacher, _) = await PostAsync(j.Teacher("BI-01"), System.Text.Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.Forbidden, teacher);
    }

    /// <summary>Schools (three in Bihać, one open and one closed in Cazin), known to Assets; a computer lab in the first.</summary>
    private async Task<Dictionary<string, string>> SetUpAsync(Jurisdiction j)
    {
        var ids = new Dictionary<string, string>();
        foreach (var s in Bihac.Append(Cazin).Append(Closed))
        {
            var school = await host.TrackedAsync(() => host.RegisterAsync(j.Admin, s.Code, s.Name, s.Municipality));
            ids[s.Code] = school.Id();
        }
        await host.TrackedAsync(() => host.DataAsync(j.Admin,
            "mutation($input: ChangeSchoolStatusInput!) { changeSchoolStatus(input: $input) { errors { code } } }",
            new { input = new { schoolId = ids[Closed.Code], status = "CLOSED", reason = "merged" } }));
        var rooms = await host.DataAsync(j.Admin, """
            mutation($school: ID!) { registerRooms(input: { schoolId: $school, rooms: [{ building: "Main", name: "Informatika 1", kind: COMPUTER_LAB,
              capacity: 24 }, { building: "Main", name: "Učionica 3", kind: CLASSROOM, capacity: 28 }] }) { errors { code field message } } }
            """, new { school = ids["BI-01"] });
        Assert.Empty(rooms["registerRooms"]!["errors"]!.AsArray());
        return ids;
    }

    private static MultipartFormDataContent Form(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Caller caller, byte[] content, string fileName)
    {
        using var form = Form(content, fileName);
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
