using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Host.Tests;

/// <summary>Subscriptions over a real WebSocket on a real port, speaking graphql-transport-ws.</summary>
[Collection(HostCollection.Name)]
public sealed class SubscriptionTests(EmisHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
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

    internal sealed class WsClient : IAsyncDisposable
    {
        private WsClient(ClientWebSocket socket) => Socket = socket;

        public ClientWebSocket Socket { get; }

        public static async Task<ClientWebSocket> OpenAsync(EmisHostFixture host)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            var uri = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri;
            using var cts = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(uri, cts.Token);
            Assert.Equal("graphql-transport-ws", socket.SubProtocol);
            return socket;
        }

        public static async Task<WsClient> ConnectAsync(EmisHostFixture host, Caller caller)
        {
            var client = new WsClient(await OpenAsync(host));
            await client.SendAsync(new JsonObject
            {
                ["type"] = "connection_init",
                ["payload"] = new JsonObject { ["Authorization"] = "Bearer " + host.Token(caller) },
            });
            Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
            return client;
        }

        /// <summary>
        /// Connects, subscribes and waits for a pong: the server handles a connection's messages in order, so the
        /// subscription is in place when this returns.
        /// </summary>
        public static async Task<WsClient> ListeningAsync(EmisHostFixture host, Caller caller, string id, string query)
        {
            var client = await ConnectAsync(host, caller);
            await client.SubscribeAsync(id, query);
            Assert.Equal("pong", await client.PingPongAsync());
            return client;
        }

        public Task SubscribeAsync(string id, string query) => SendAsync(new JsonObject
        {
            ["id"] = id,
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = query },
        });

        /// <summary>Sends ping and returns the type of the next message (pong when nothing else was queued before it).</summary>
        public async Task<string> PingPongAsync()
        {
            await SendAsync(new JsonObject { ["type"] = "ping" });
            return (await ReceiveAsync())["type"]!.GetValue<string>();
        }

        public Task SendAsync(JsonObject message) => SendAsync(Socket, message);

        public Task<JsonObject> ReceiveAsync() => ReceiveAsync(Socket);

        public static async Task SendAsync(WebSocket socket, JsonObject message)
        {
            using var cts = new CancellationTokenSource(Patience);
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cts.Token);
        }

        public static async Task<JsonObject> ReceiveAsync(WebSocket socket)
        {
            using var cts = new CancellationTokenSource(Patience);
            var buffer = new byte[64 * 1024];
            using var stream = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new Xunit.Sdk.XunitException($"socket closed: {(int?)result.CloseStatus} {result.CloseStatusDescription}");
                }
                stream.Write(buffer, 0, result.Count);
                if (result.EndOfMessage) break;
            }
            return JsonNode.Parse(stream.ToArray())!.AsObject();
        }

        public static async Task<int> ReceiveCloseAsync(WebSocket socket)
        {
            using var cts = new CancellationTokenSource(Patience);
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close) return (int)result.CloseStatus!.Value;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Socket.State == WebSocketState.Open)
            {
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    // the server may already be closing; nothing to assert here
                }
            }
            Socket.Dispose();
        }
    }
}
