using System.Text.Json.Nodes;

namespace Emis.Host.Tests;

/// <summary>Subscriptions over a real WebSocket on a real port, speaking graphql-transport-ws.</summary>
[Collection(HostCollection.Name)]
public sealed class SubscriptionTests(EmisHostFixture host)
{
    private const string SchoolCodes = "subscription { schoolChanged { school { code } } }";

    [Fact]
    public async Task a_subscriber_receives_a_registered_school_and_an_out_of_scope_subscriber_does_not()
    {
        var j = new Jurisdiction();
        await using var cazin = await WsClient.ListeningAsync(
            host, j.Officer("Cazin"), "s1", "subscription { schoolChanged { change school { code name municipality } } }");
        await using var bihac = await WsClient.ListeningAsync(
            host, j.Officer("Bihać"), "s1", "subscription { schoolChanged { change school { code } } }");

        await host.RegisterAsync(j.Admin, "CA-9", "JU OŠ Nova Cazin", "Cazin");

        var next = await cazin.ReceiveAsync();
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("s1", next["id"]!.GetValue<string>());
        var change = next["payload"]!["data"]!["schoolChanged"]!;
        Assert.Equal("registered", change["change"]!.GetValue<string>());
        Assert.Equal("CA-9", change["school"]!["code"]!.GetValue<string>());

        // The Bihać officer's next message must be the pong to this ping, not the Cazin school.
        var answer = await bihac.PingPongAsync();
        Assert.Equal("pong", answer);
    }

    [Fact]
    public async Task a_subscriber_in_another_jurisdiction_hears_nothing()
    {
        var mine = new Jurisdiction();
        var other = new Jurisdiction();
        await using var client = await WsClient.ListeningAsync(host, other.Admin, "a", SchoolCodes);
        await using var witness = await WsClient.ListeningAsync(host, mine.Admin, "w", SchoolCodes);

        await host.RegisterAsync(mine.Admin, "X-1", "Somewhere", "Cazin");

        Assert.Equal("next", (await witness.ReceiveAsync())["type"]!.GetValue<string>());
        Assert.Equal("pong", await client.PingPongAsync());
    }

    [Fact]
    public async Task complete_stops_the_stream()
    {
        var j = new Jurisdiction();
        await using var client = await WsClient.ListeningAsync(host, j.Admin, "s", SchoolCodes);
        await using var witness = await WsClient.ListeningAsync(host, j.Admin, "w", SchoolCodes);
        await client.SendAsync(new JsonObject { ["id"] = "s", ["type"] = "complete" });
        await client.PingPongAsync();

        await host.RegisterAsync(j.Admin, "C-1", "Somewhere", "Cazin");

        Assert.Equal("next", (await witness.ReceiveAsync())["type"]!.GetValue<string>());
        Assert.Equal("pong", await client.PingPongAsync());
    }

    [Fact]
    public async Task a_query_over_the_socket_answers_next_then_complete()
    {
        var j = new Jurisdiction();
        await host.RegisterAsync(j.Admin, "Q-1", "Somewhere", "Cazin");
        await using var client = await WsClient.ConnectAsync(host, j.Admin);
        await client.SubscribeAsync("q", "{ schools { totalCount } }");

        var next = await client.ReceiveAsync();
        Assert.Equal(1, next["payload"]!["data"]!["schools"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("complete", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_invalid_subscription_gets_an_error_message()
    {
        await using var client = await WsClient.ConnectAsync(host, new Jurisdiction().Admin);
        await client.SubscribeAsync("e", "subscription { noSuchField }");
        var error = await client.ReceiveAsync();
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("e", error["id"]!.GetValue<string>());
        Assert.NotEmpty(error["payload"]!.AsArray());
    }

    [Fact]
    public async Task a_connection_with_a_bad_token_is_closed_with_4403()
    {
        using var socket = await WsClient.OpenAsync(host);
        await WsClient.SendAsync(
            socket, new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject { ["Authorization"] = "Bearer not-a-token" } });
        var close = await WsClient.ReceiveCloseAsync(socket);
        Assert.Equal(4403, close);
    }

    [Fact]
    public async Task subscribing_before_connection_init_is_closed_with_4401()
    {
        using var socket = await WsClient.OpenAsync(host);
        await WsClient.SendAsync(socket, new JsonObject
        {
            ["id"] = "1",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = "subscription { schoolChanged { change } }" },
        });
        Assert.Equal(4401, await WsClient.ReceiveCloseAsync(socket));
    }

    [Fact]
    public async Task a_duplicate_operation_id_is_closed_with_4409()
    {
        await using var client = await WsClient.ConnectAsync(host, new Jurisdiction().Admin);
        await client.SubscribeAsync("dup", "subscription { schoolChanged { change } }");
        await client.SubscribeAsync("dup", "subscription { schoolChanged { change } }");
        Assert.Equal(4409, await WsClient.ReceiveCloseAsync(client.Socket));
    }
}
