namespace Emis.Registry.Tests;

[Collection(HostCollection.Name)]
public sealed class RegistryScopeTests(EmisHostFixture host)
{
    private const string List =
        "query($filter: SchoolFilter, $first: Int, $after: String) { schools(filter: $filter, first: $first, after: $after) { totalCount edges { " +
        "cursor node { code name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

    private async Task<Jurisdiction> CantonAsync()
    {
        var j = new Jurisdiction();
        await host.RegisterAsync(j.Admin, "BI-1", "JU OŠ Prekounje Bihać", "Bihać");
        await host.RegisterAsync(j.Admin, "BI-2", "JU Gimnazija Bihać", "Bihać", "UPPER_SECONDARY");
        await host.RegisterAsync(j.Admin, "CA-1", "JU OŠ Cazin I", "Cazin");
        await host.RegisterAsync(j.Admin, "CA-2", "JU OŠ Ostrožac", "Cazin", "COMBINED");
        await host.RegisterAsync(j.Admin, "BU-1", "JU OŠ Bužim", "Bužim");
        return j;
    }

    [Fact]
    public async Task schools_filter_by_municipality_status_level_and_name_and_page_with_cursors()
    {
        var j = await CantonAsync();

        var cazin = await host.DataAsync(j.Admin, List, new { filter = new { municipality = "Cazin" } });
        Assert.Equal(["CA-1", "CA-2"], SchoolRequests.Codes(cazin["schools"]!.AsObject()));

        var upper = await host.DataAsync(j.Admin, List, new { filter = new { level = "UPPER_SECONDARY" } });
        Assert.Equal(["BI-2"], SchoolRequests.Codes(upper["schools"]!.AsObject()));

        var named = await host.DataAsync(j.Admin, List, new { filter = new { nameContains = "oš" } });
        Assert.Equal(4, named["schools"]!["totalCount"]!.GetValue<int>());

        var closedNone = await host.DataAsync(j.Admin, List, new { filter = new { status = "CLOSED" } });
        Assert.Equal(0, closedNone["schools"]!["totalCount"]!.GetValue<int>());

        var page1 = (await host.DataAsync(j.Admin, List, new { first = 2 }))["schools"]!.AsObject();
        Assert.Equal(5, page1["totalCount"]!.GetValue<int>());
        Assert.True(page1["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var page2 = (await host.DataAsync(
            j.Admin, List, new { first = 2, after = page1["pageInfo"]!["endCursor"]!.GetValue<string>() }))["schools"]!.AsObject();
        var page3 = (await host.DataAsync(
            j.Admin, List, new { first = 2, after = page2["pageInfo"]!["endCursor"]!.GetValue<string>() }))["schools"]!.AsObject();
        var all = SchoolRequests.Codes(page1).Concat(SchoolRequests.Codes(page2)).Concat(SchoolRequests.Codes(page3)).ToList();
        Assert.Equal(5, all.Distinct().Count());
        Assert.False(page3["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(page2["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_municipality_officer_sees_only_the_municipalitys_schools()
    {
        var j = await CantonAsync();
        var officer = j.Officer("Cazin");

        var list = await host.DataAsync(officer, List);
        Assert.Equal(["CA-1", "CA-2"], SchoolRequests.Codes(list["schools"]!.AsObject()));

        var municipalities = await host.DataAsync(officer, "{ municipalities { name schoolCount } }");
        var only = Assert.Single(municipalities["municipalities"]!.AsArray());
        Assert.Equal("Cazin", only!["name"]!.GetValue<string>());

        var bihacId = await IdOf(j, "BI-1");
        var outOfScope = await host.DataAsync(officer, "query($id: ID!) { school(id: $id) { name } }", new { id = bihacId });
        Assert.Null(outOfScope["school"]);
    }

    [Fact]
    public async Task a_school_admin_and_a_teacher_see_only_their_school()
    {
        var j = await CantonAsync();
        foreach (var caller in new[] { j.SchoolAdmin("bi-2"), j.Teacher("BI-2") })
        {
            var list = await host.DataAsync(caller, List);
            Assert.Equal(["BI-2"], SchoolRequests.Codes(list["schools"]!.AsObject()));
        }
    }

    [Fact]
    public async Task the_ministry_analyst_and_partners_see_the_whole_jurisdiction_but_may_not_write()
    {
        var j = await CantonAsync();
        foreach (var caller in new[] { j.Analyst, j.Partner })
        {
            var list = await host.DataAsync(caller, List);
            Assert.Equal(5, list["schools"]!["totalCount"]!.GetValue<int>());
            var refused = await host.DataAsync(caller, SchoolRequests.Register,
                new { input = new { code = "X-1", name = "X", municipality = "Cazin", level = "PRIMARY", languages = new[] { "bs" } } });
            Assert.Contains(("FORBIDDEN", null), SchoolRequests.Errors(refused["registerSchool"]!.AsObject()));
        }
        var after = await host.DataAsync(j.Admin, "{ schools { totalCount } }");
        Assert.Equal(5, after["schools"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_municipality_officer_may_close_its_own_schools_but_not_others_nor_rename()
    {
        var j = await CantonAsync();
        var officer = j.Officer("Cazin");
        const string change =
            "mutation($input: ChangeSchoolStatusInput!) { changeSchoolStatus(input: $input) { school { status } errors { code field } } }";

        var own = await host.DataAsync(
            officer, change, new { input = new { schoolId = await IdOf(j, "CA-1"), status = "CLOSED_FOR_EMERGENCY", reason = "earthquake" } });
        Assert.Equal("CLOSED_FOR_EMERGENCY", own["changeSchoolStatus"]!["school"]!["status"]!.GetValue<string>());

        var bihac = await IdOf(j, "BI-1");
        var other = await host.DataAsync(officer, change, new { input = new { schoolId = bihac, status = "CLOSED", reason = "x" } });
        Assert.Contains(("NOT_FOUND", "schoolId"), SchoolRequests.Errors(other["changeSchoolStatus"]!.AsObject()));

        var rename = await host.DataAsync(officer, "mutation($input: RenameSchoolInput!) { renameSchool(input: $input) { errors { code field } } }",
            new { input = new { schoolId = await IdOf(j, "CA-2"), name = "Mine now" } });
        Assert.Contains(("FORBIDDEN", null), SchoolRequests.Errors(rename["renameSchool"]!.AsObject()));

        var bihacNow = await host.DataAsync(j.Admin, "query($id: ID!) { school(id: $id) { status } }", new { id = bihac });
        Assert.Equal("OPEN", bihacNow["school"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task two_jurisdictions_never_see_each_others_schools_even_with_the_same_code()
    {
        var a = new Jurisdiction();
        var b = new Jurisdiction();
        var inA = await host.RegisterAsync(a.Admin, "SCH1000", "School of A", "Cazin");
        var inB = await host.RegisterAsync(b.Admin, "SCH1000", "School of B", "Cazin");
        Assert.NotEqual(inA.Id(), inB.Id());

        var listA = await host.DataAsync(a.Admin, List);
        Assert.Equal(["SCH1000"], SchoolRequests.Codes(listA["schools"]!.AsObject()));
        Assert.Equal("School of A", listA["schools"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>());

        var crossRead = await host.DataAsync(a.Admin, "query($id: ID!) { school(id: $id) { name } }", new { id = inB.Id() });
        Assert.Null(crossRead["school"]);
        var crossWrite = await host.DataAsync(a.Admin, "mutation($input: RenameSchoolInput!) { renameSchool(input: $input) { errors { code } } }",
            new { input = new { schoolId = inB.Id(), name = "Taken over" } });
        Assert.Contains(("NOT_FOUND", null), SchoolRequests.Errors(crossWrite["renameSchool"]!.AsObject()).Select(e => (e.Code, (string?)null)));
        var bStill = await host.DataAsync(b.Admin, "query($id: ID!) { school(id: $id) { name } }", new { id = inB.Id() });
        Assert.Equal("School of B", bStill["school"]!["name"]!.GetValue<string>());
    }

    private async Task<string> IdOf(Jurisdiction j, string code)
    {
        var list = await host.DataAsync(j.Admin, "{ schools(first: 500) { edges { node { id code } } } }");
        return list["schools"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(
            n => n["code"]!.GetValue<string>() == code)["id"]!.GetValue<string>();
    }
}
