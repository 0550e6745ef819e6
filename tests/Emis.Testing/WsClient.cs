using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>A <c>graphql-transport-ws</c> client for tests: connects, subscribes, sends and receives JSON messages.</summary>
public sealed class WsClient : IAsyncDisposable
{
    /// <summary>How long a test waits for the server to answer on the socket before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

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
