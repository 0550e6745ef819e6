using System.Text.Json.Nodes;
using Emis.Registry.Schools.GettingSchools;
using Marten;

namespace Emis.Registry.Tests;

[Collection(HostCollection.Name)]
public sealed class RegistryMutationTests(EmisHostFixture host)
{
    [Fact]
    public async Task registering_a_school_returns_it_at_version_1_with_its_history()
    {
        var j = new Jurisdiction();
        var school = await host.RegisterAsync(j.Admin, "sch-100", "  JU OŠ  \"Ključ\"  Bihać ", "Bihać", "PRIMARY", ["bs", "HR"]);

        Assert.Equal("SCH-100", school["code"]!.GetValue<string>());
        Assert.Equal("JU OŠ \"Ključ\" Bihać", school["name"]!.GetValue<string>());
        Assert.Equal("OPEN", school["status"]!.GetValue<string>());
        Assert.Equal(["bs", "hr"], school["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(1, school["version"]!.GetValue<long>());
        var history = Assert.Single(school["statusHistory"]!.AsArray());
        Assert.Equal("admin-1", history!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task registering_the_same_code_twice_is_refused_with_a_clear_error()
    {
        var j = new Jurisdiction();
        await host.RegisterAsync(j.Admin, "SCH-1", "First", "Cazin");

        var data = await host.DataAsync(j.Admin, SchoolRequests.Register,
            new { input = new { code = "sch-1", name = "Second", municipality = "Cazin", level = "PRIMARY", languages = new[] { "bs" } } });

        var payload = data["registerSchool"]!.AsObject();
        Assert.Null(payload["school"]);
        var error = Assert.Single(payload["errors"]!.AsArray());
        Assert.Equal("DUPLICATE", error!["code"]!.GetValue<string>());
        Assert.Equal("code", error["field"]!.GetValue<string>());
        Assert.Contains("SCH-1", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var list = await host.DataAsync(j.Admin, "{ schools { totalCount edges { node { name } } } }");
        Assert.Equal(1, list["schools"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("First", list["schools"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task invalid_input_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var j = new Jurisdiction();
        var data = await host.DataAsync(j.Admin, SchoolRequests.Register,
            new { input = new { code = "bad code!", name = "", municipality = "Cazin", level = "PRIMARY", languages = new[] { "bs", "klingon" } } });

        var errors = SchoolRequests.Errors(data["registerSchool"]!.AsObject());
        Assert.Contains(("INVALID", "code"), errors);
        Assert.Contains(("REQUIRED", "name"), errors);
        Assert.Contains(("INVALID", "languages[1]"), errors);
        var list = await host.DataAsync(j.Admin, "{ schools { totalCount } }");
        Assert.Equal(0, list["schools"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task rename_move_status_and_languages_each_change_the_school_and_bump_its_version()
    {
        var j = new Jurisdiction();
        var id = (await host.RegisterAsync(j.Admin, "S1", "Old name", "Cazin")).Id();

        var renamed = await Mutate(j.Admin, "renameSchool", "RenameSchoolInput", new { schoolId = id, name = "New name", expectedVersion = 1 });
        Assert.Equal("New name", renamed["name"]!.GetValue<string>());

        var moved = await Mutate(j.Admin, "moveSchool", "MoveSchoolInput", new { schoolId = id, municipality = "Bužim", reason = "boundary change" });
        Assert.Equal("Bužim", moved["municipality"]!.GetValue<string>());

        var closed = await Mutate(j.Admin, "changeSchoolStatus", "ChangeSchoolStatusInput",
            new { schoolId = id, status = "CLOSED_FOR_EMERGENCY", reason = "flood" });
        Assert.Equal("CLOSED_FOR_EMERGENCY", closed["status"]!.GetValue<string>());
        var last = closed["statusHistory"]!.AsArray()[^1]!;
        Assert.Equal("flood", last["reason"]!.GetValue<string>());
        Assert.Equal("admin-1", last["actor"]!.GetValue<string>());

        var languages = await Mutate(
            j.Admin, "setSchoolLanguages", "SetSchoolLanguagesInput", new { schoolId = id, languages = new[] { "bs", "rom" } });
        Assert.Equal(["bs", "rom"], languages["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(5, languages["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_status_change_without_a_reason_is_refused()
    {
        var j = new Jurisdiction();
        var id = (await host.RegisterAsync(j.Admin, "S1", "School", "Cazin")).Id();

        var payload = await Payload(j.Admin, "changeSchoolStatus", "ChangeSchoolStatusInput", new { schoolId = id, status = "CLOSED", reason = " " });

        Assert.Contains(("REQUIRED", "reason"), SchoolRequests.Errors(payload));
        var school = await host.DataAsync(j.Admin, "query($id: ID!) { school(id: $id) { status version } }", new { id });
        Assert.Equal("OPEN", school["school"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_change_from_a_stale_version_gets_CONCURRENCY_CONFLICT_and_overwrites_nothing()
    {
        var j = new Jurisdiction();
        var id = (await host.RegisterAsync(j.Admin, "S1", "Original", "Cazin")).Id();
        await Mutate(j.Admin, "renameSchool", "RenameSchoolInput", new { schoolId = id, name = "First editor", expectedVersion = 1 });

        var payload = await Payload(j.Admin, "renameSchool", "RenameSchoolInput", new { schoolId = id, name = "Second editor", expectedVersion = 1 });

        Assert.Contains(("CONCURRENCY_CONFLICT", "expectedVersion"), SchoolRequests.Errors(payload));
        var school = await host.DataAsync(j.Admin, "query($id: ID!) { school(id: $id) { name version } }", new { id });
        Assert.Equal("First editor", school["school"]!["name"]!.GetValue<string>());
        Assert.Equal(2, school["school"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task concurrent_changes_to_one_school_never_lose_an_update()
    {
        var j = new Jurisdiction();
        var id = (await host.RegisterAsync(j.Admin, "S1", "Original", "Cazin")).Id();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Payload(j.Admin, "renameSchool", "RenameSchoolInput", new { schoolId = id, name = $"Editor {i}", expectedVersion = 1 })));

        var succeeded = attempts.Count(p => p["errors"]!.AsArray().Count == 0);
        Assert.Equal(1, succeeded);
        Assert.All(attempts.Where(p => p["errors"]!.AsArray().Count > 0),
            p => Assert.Equal("CONCURRENCY_CONFLICT", p["errors"]![0]!["code"]!.GetValue<string>()));
        var school = await host.DataAsync(j.Admin, "query($id: ID!) { school(id: $id) { version } }", new { id });
        Assert.Equal(2, school["school"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task every_event_carries_jurisdiction_actor_source_reason_and_correlation_metadata()
    {
        var j = new Jurisdiction();
        var id = Guid.Parse((await host.RegisterAsync(j.Admin, "S1", "School", "Cazin")).Id());
        await Mutate(j.Admin, "changeSchoolStatus", "ChangeSchoolStatusInput",
            new { schoolId = id, status = "DISTANCE_LEARNING", reason = "heating failure" });

        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        var events = await session.Events.FetchStreamAsync(id);

        Assert.Equal(["registry.school_registered", "registry.school_status_changed"], events.Select(e => e.EventTypeName));
        Assert.All(events, e =>
        {
            Assert.Equal(j.Id, e.TenantId);
            Assert.Equal(j.Id, e.Headers!["jurisdiction"]!.ToString());
            Assert.Equal("admin-1", e.Headers!["actor"]!.ToString());
            Assert.Equal("api", e.Headers!["source"]!.ToString());
            Assert.False(string.IsNullOrEmpty(e.CorrelationId));
            Assert.False(string.IsNullOrEmpty(e.CausationId));
        });
        Assert.Equal("heating failure", events[1].Headers!["reason"]!.ToString());
    }

    [Fact]
    public async Task asking_for_a_school_as_of_an_earlier_instant_returns_it_as_it_was()
    {
        var j = new Jurisdiction();
        var id = (await host.RegisterAsync(j.Admin, "S1", "Before", "Cazin")).Id();
        var registered = await host.DataAsync(j.Admin, "query($id: ID!) { school(id: $id) { registeredAt } }", new { id });
        var before = DateTimeOffset.Parse(
            registered["school"]!["registeredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await Mutate(j.Admin, "renameSchool", "RenameSchoolInput", new { schoolId = id, name = "After" });

        const string query = "query($id: ID!, $asOf: DateTimeOffset) { school(id: $id, asOf: $asOf) { name version } }";
        var then = await host.DataAsync(j.Admin, query, new { id, asOf = before });
        var now = await host.DataAsync(j.Admin, query, new { id, asOf = (DateTimeOffset?)null });

        Assert.Equal("Before", then["school"]!["name"]!.GetValue<string>());
        Assert.Equal(1, then["school"]!["version"]!.GetValue<long>());
        Assert.Equal("After", now["school"]!["name"]!.GetValue<string>());
        var store = host.Service<IDocumentStore>();
        await using var session = store.QuerySession(j.Id);
        Assert.Equal("After", (await session.LoadAsync<SchoolView>(Guid.Parse(id)))!.Name);
    }

    private async Task<JsonObject> Payload(Platform.Auth.Caller caller, string field, string inputType, object input)
    {
        var data = await host.DataAsync(caller,
            $"mutation($input: {inputType}!) {{ {field}(input: $input) {{ "
            + $"school {{ {SchoolRequests.SchoolFields} }} errors {{ code field message }} }} }}",
            new { input });
        return data[field]!.AsObject();
    }

    private async Task<JsonObject> Mutate(Platform.Auth.Caller caller, string field, string inputType, object input)
    {
        var payload = await Payload(caller, field, inputType, input);
        if (payload["errors"]!.AsArray().Count > 0) throw new Xunit.Sdk.XunitException($"{field} refused: {payload["errors"]!.ToJsonString()}");
        return payload["school"]!.AsObject();
    }
}
