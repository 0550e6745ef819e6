using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Alba;

namespace Emis.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class TransportTests(EmisHostFixture host)
{
    [Fact]
    public async Task an_anonymous_request_gets_401_with_a_clear_error_and_no_data()
    {
        using var response = await host.Http.PostAsync("/graphql",
            new StringContent("""{"query":"{ schools { totalCount } }"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Null(body["data"]);
        Assert.Equal("UNAUTHENTICATED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("Bearer", body["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_query_nested_too_deeply_is_refused_with_its_limit_not_as_an_internal_error()
    {
        var deep = "{ __schema { " + string.Concat(Enumerable.Repeat("types { fields { type { ", 40)) + "name" +
            string.Concat(Enumerable.Repeat(" } } }", 40)) + " } }";
        var body = await host.GraphQLAsync(new Jurisdiction().Admin, deep);
        var error = body["errors"]![0]!;
        Assert.Equal("MAX_DEPTH_EXCEEDED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("nested too deeply", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task an_operation_over_its_limits_is_refused_before_any_resolver_runs_saying_which_limit_and_by_how_much()
    {
        var j = new Jurisdiction();
        string Aliased(int count, string field) => "{ " + string.Concat(Enumerable.Range(0, count).Select(i => $"a{i}: {field} ")) + "}";

        // 400 aliased pages of 500 learners (the abuse in issue 20): refused for its aliases.
        var aliases = await host.GraphQLAsync(j.Admin,
            Aliased(400, "learners(first: 500, filter: { nameContains: \"a\" }) { edges { node { id } } }"));
        var error = aliases["errors"]![0]!;
        Assert.Equal("MAX_ALIASES_EXCEEDED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("400 aliases; at most 50", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(aliases["data"]);

        // Under the alias and root-field limits, but 20 pages of 500 learners with their histories cost more than allowed.
        var costly = await host.GraphQLAsync(j.Admin,
            Aliased(20, "learners(first: 500) { edges { node { id firstName lastName history { change detail version } } } }"));
        var complexity = costly["errors"]![0]!;
        Assert.Contains("complex", complexity["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(costly["data"]);

        // Too many root fields.
        var roots = await host.GraphQLAsync(j.Admin, "{ " + string.Concat(Enumerable.Range(0, 30).Select(i => $"s{i}: __typename ")) + "}");
        Assert.Equal("MAX_ROOT_FIELDS_EXCEEDED", roots["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("30 root fields; at most 25", roots["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Introspection is on by default (the IDE needs it).
        Assert.Equal("Query", (await host.DataAsync(j.Admin, "{ __schema { queryType { name } } }"))["__schema"]!["queryType"]!["name"]!
            .GetValue<string>());

        // What a real client asks stays well inside: a full page of 500 learners with everything a learner has.
        var page = await host.GraphQLAsync(j.Admin,
            $"{{ learners(first: 500) {{ totalCount edges {{ node {{ {LearnerRequests.LearnerFields} }} }} }} }}");
        Assert.Null(page["errors"]);
    }

    [Fact]
    public async Task a_request_body_over_the_limit_is_refused_with_413_saying_by_how_much()
    {
        // A megabyte of variables: nothing a client needs, refused before the body is read.
        var padding = new string('x', 1_100_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(
                "{\"query\":\"{ __typename }\",\"variables\":{\"padding\":\"" + padding + "\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(new Jurisdiction().Admin));
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("REQUEST_TOO_LARGE", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("at most 1048576", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_treated_as_anonymous()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task a_query_over_GET_answers_with_the_graphql_response_media_type()
    {
        var j = new Jurisdiction();
        await host.RegisterAsync(j.Admin, "G-1", "School", "Cazin");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ schools { totalCount } }"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, body["data"]!["schools"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_mutation_over_GET_is_refused_and_changes_nothing()
    {
        var j = new Jurisdiction();
        var mutation =
            """mutation { registerSchool(input: {code: "G-2", name: "X", municipality: "Cazin", level: PRIMARY, languages: ["bs"]}) { errors { """ +
            """code } } }""";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(mutation));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var list = await host.DataAsync(j.Admin, "{ schools { totalCount } }");
        Assert.Equal(0, list["schools"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_syntax_error_is_a_400_with_the_location()
    {
        var result = await host.GraphQLAsync(new Jurisdiction().Admin, "{ schools { ");
        Assert.Null(result["data"]);
        Assert.NotNull(result["errors"]![0]!["locations"]);
    }

    [Fact]
    public async Task introspection_works_for_an_authenticated_caller()
    {
        var data = await host.DataAsync(new Jurisdiction().Partner, "{ __schema { queryType { name } subscriptionType { name } } }");
        Assert.Equal("Query", data["__schema"]!["queryType"]!["name"]!.GetValue<string>());
        Assert.Equal("Subscription", data["__schema"]!["subscriptionType"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task health_endpoints_report_live_and_ready()
    {
        await host.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.StatusCodeShouldBeOk();
        });
        await host.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.StatusCodeShouldBeOk();
            s.ContentShouldBe("Healthy");
        });
    }

    [Fact]
    public async Task a_browser_asking_for_graphql_gets_the_ide_served_by_the_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await host.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Emis GraphQL</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        using var script = await host.Http.GetAsync("/ide/graphiql.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
