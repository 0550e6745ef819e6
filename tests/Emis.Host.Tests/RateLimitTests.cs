using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Host.Tests;

/// <summary>A host whose GraphQL limits are low enough to reach in a test, and introspection switched off.</summary>
public sealed class RateLimitedHostFixture : EmisHostFixture
{
    public const int PerMinute = 5;
    public const int AnonymousPerMinute = 3;
    public const int OperationsPerConnection = 2;
    public const int ConnectionsPerCaller = 2;

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Emis:GraphQL:RateLimit:PerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emis:GraphQL:RateLimit:AnonymousPerMinute"] = AnonymousPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emis:GraphQL:Limits:MaxOperationsPerConnection"] = OperationsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emis:GraphQL:Limits:MaxConnectionsPerCaller"] = ConnectionsPerCaller.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emis:GraphQL:Limits:Introspection"] = "false",
    };
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedHostFixture>
{
    public const string Name = "rate-limited";
}

/// <summary>Requests to /graphql are limited per caller (jurisdiction and subject), and per address without a token.</summary>
[Collection(RateLimitedCollection.Name)]
public sealed class RateLimitTests(RateLimitedHostFixture host)
{
    [Fact]
    public async Task a_caller_over_the_limit_gets_429_with_retry_after_while_other_callers_go_on()
    {
        var j = new Jurisdiction();
        var busy = j.Admin;
        for (var i = 0; i < RateLimitedHostFixture.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(busy)).Status);
        }
        var (status, body, retryAfter) = await PostAsync(busy);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.NotNull(retryAfter);
        var error = body!["errors"]![0]!;
        Assert.Equal("RATE_LIMITED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains($"at most {RateLimitedHostFixture.PerMinute} a minute per caller", error["message"]!.GetValue<string>(),
            StringComparison.Ordinal);

        // Another caller, and the same subject in another jurisdiction, are not held back.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(j.Analyst)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new Jurisdiction().Admin)).Status);
    }

    [Fact]
    public async Task requests_without_a_token_are_limited_more_strictly()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedHostFixture.AnonymousPerMinute; i++) statuses.Add((await PostAsync(null)).Status);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, RateLimitedHostFixture.AnonymousPerMinute),
            HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task websocket_connections_per_caller_and_operations_per_connection_are_limited()
    {
        var caller = new Jurisdiction().Admin;
        await using var first = await WsClient.ConnectAsync(host, caller);
        await using var second = await WsClient.ConnectAsync(host, caller);
        using var third = await WsClient.OpenAsync(host);
        await WsClient.SendAsync(third, new JsonObject
        {
            ["type"] = "connection_init",
            ["payload"] = new JsonObject { ["Authorization"] = "Bearer " + host.Token(caller) },
        });
        Assert.Equal(4429, await WsClient.ReceiveCloseAsync(third));

        for (var i = 0; i < RateLimitedHostFixture.OperationsPerConnection; i++)
        {
            await first.SubscribeAsync($"s{i}", "subscription { schoolChanged { school { code } } }");
        }
        await first.SubscribeAsync("one-too-many", "subscription { schoolChanged { school { code } } }");
        JsonObject refused;
        do refused = await first.ReceiveAsync(); while (refused["id"]?.GetValue<string>() != "one-too-many");
        Assert.Equal("error", refused["type"]!.GetValue<string>());
        Assert.Equal("MAX_OPERATIONS_EXCEEDED", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains($"at most {RateLimitedHostFixture.OperationsPerConnection}", refused["payload"]![0]!["message"]!.GetValue<string>(),
            StringComparison.Ordinal);
        // The connection stays usable.
        Assert.Equal("pong", await first.PingPongAsync());
    }

    [Fact]
    public async Task introspection_can_be_switched_off()
    {
        var j = new Jurisdiction();
        var refused = await host.GraphQLAsync(j.Admin, "{ __schema { queryType { name } } }");
        Assert.Null(refused["data"]);
        Assert.NotEmpty(refused["errors"]!.AsArray());
        // Queries themselves still answer.
        Assert.Null((await host.GraphQLAsync(j.Analyst, "{ schools { totalCount } }"))["errors"]);
    }

    private async Task<(HttpStatusCode Status, JsonObject? Body, string? RetryAfter)> PostAsync(Caller? caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        };
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text)!.AsObject() : null,
            response.Headers.RetryAfter?.ToString());
    }
}
