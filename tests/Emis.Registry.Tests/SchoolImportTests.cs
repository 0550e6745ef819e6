using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Emis.Registry.Tests;

[Collection(HostCollection.Name)]
public sealed class SchoolImportTests(EmisHostFixture host)
{
    private async Task<(HttpStatusCode Status, JsonObject Body)> ImportAsync(Platform.Auth.Caller caller, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/schools")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    [Fact]
    public async Task importing_schools_registers_updates_and_explains_every_row_and_a_second_run_changes_nothing()
    {
        var j = new Jurisdiction();
        await host.RegisterAsync(j.Admin, "SCH1001", "Old name", "Bihać");
        const string csv = """
            code,name,municipality
            SCH1000,"SHFMU ""Pjetër Bogdani"" Vushtrri",Vushtrri
            SCH1001,"JU OŠ ""Ključ"" Bihać",Bihać
            ,"No code",Cazin
            SCH1002,,Cazin
            SCH1000,"Again",Vushtrri
            """;

        var (status, first) = await ImportAsync(j.Admin, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, first["rows"]!.GetValue<int>());
        var results = first["results"]!.AsArray().Select(r => (Row: r!["row"]!.GetValue<int>(), Status: r["status"]!.GetValue<string>())).ToList();
        Assert.Equal([(2, "registered"), (3, "updated"), (4, "rejected"), (5, "rejected"), (6, "rejected")], results);
        var rejected = first["results"]!.AsArray().Where(r => r!["status"]!.GetValue<string>() == "rejected")
            .Select(r => r!["errors"]![0]!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["code", "name", "code"], rejected);

        var (_, second) = await ImportAsync(j.Admin, csv);
        Assert.Equal(0, second["registered"]!.GetValue<int>());
        Assert.Equal(0, second["updated"]!.GetValue<int>());
        Assert.Equal(2, second["unchanged"]!.GetValue<int>());

        var list = await host.DataAsync(j.Admin, "{ schools { totalCount edges { node { code name } } } }");
        Assert.Equal(2, list["schools"]!["totalCount"]!.GetValue<int>());
        Assert.Contains("JU OŠ \"Ključ\" Bihać", list["schools"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_file_without_the_required_columns_is_one_clear_error()
    {
        var (status, body) = await ImportAsync(new Jurisdiction().Admin, "code;title\nX;Y\n");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(body["fileErrors"]!.AsArray());
        Assert.Equal("MISSING_COLUMN", error!["code"]!.GetValue<string>());
        Assert.Contains("name", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task only_a_ministry_admin_may_import()
    {
        var (status, _) = await ImportAsync(new Jurisdiction().Officer("Cazin"), "code,name,municipality\nA,B,Cazin\n");
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }
}
