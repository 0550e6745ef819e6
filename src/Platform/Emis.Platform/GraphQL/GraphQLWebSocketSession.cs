using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Emis.Platform.Auth;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Logging;

namespace Emis.Platform.GraphQL;

/// <summary>
/// One WebSocket connection speaking <c>graphql-transport-ws</c>
/// (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md): connection_init carrying the bearer token
/// (<c>{"Authorization": "Bearer ..."}</c> or <c>{"token": "..."}</c>), ping/pong, subscribe/next/error/complete,
/// and the protocol's close codes.
/// </summary>
public sealed partial class GraphQLWebSocketSession(
    WebSocket socket,
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    WebSocketTokenValidator tokens,
    IServiceProvider services,
    GraphQLLimits limits,
    WebSocketConnections connections,
    ILogger<GraphQLWebSocketSession> logger)
{
    public const string SubProtocol = "graphql-transport-ws";
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting for a client that reads too slowly; past this, the connection is closed.</summary>
    public const int OutboxCapacity = 1024;

    private readonly ILogger _logger = logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, IDisposable> _operations = new();
    // Every message leaves through this queue and one pump, in order: a publisher (a live feed pushing to hundreds of
    // subscribers) never waits for one client's socket.
    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Caller? _caller;
    private string? _counted;
    private bool _initReceived;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var initTimer = new CancellationTokenSource(InitTimeout);
        using var closeOnInitTimeout = initTimer.Token.Register(() =>
        {
            if (!_initReceived) _ = CloseAsync((WebSocketCloseStatus)4408, "Connection initialisation timeout", CancellationToken.None);
        });

        var pump = PumpAsync();
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var text = await ReceiveTextAsync(cancellationToken);
                if (text is null) break;
                await HandleMessageAsync(text, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // the client went away; nothing to tell it
        }
        finally
        {
            foreach (var op in _operations.Values) op.Dispose();
            _operations.Clear();
            if (_counted is not null) connections.Close(_counted);
            _outbox.Writer.TryComplete();
            await pump;
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var bytes in _outbox.Reader.ReadAllAsync())
        {
            await _sendLock.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
                // the client went away; the receive loop ends the session
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }

    private async Task HandleMessageAsync(string text, CancellationToken cancellationToken)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }
        var type = message?["type"]?.GetValueKind() == JsonValueKind.String ? message["type"]!.GetValue<string>() : null;
        if (message is null || type is null)
        {
            await CloseAsync((WebSocketCloseStatus)4400, "Invalid message", cancellationToken);
            return;
        }

        switch (type)
        {
            case "connection_init":
                if (_initReceived)
                {
                    await CloseAsync((WebSocketCloseStatus)4429, "Too many initialisation requests", cancellationToken);
                    return;
                }
                _initReceived = true;
                var principal = await tokens.ValidateAsync(TokenFrom(message["payload"] as JsonObject), cancellationToken);
                if (!Caller.TryFrom(principal, out _caller, out _))
                {
                    await CloseAsync((WebSocketCloseStatus)4403, "Forbidden", cancellationToken);
                    return;
                }
                var key = _caller!.Jurisdiction + "|" + _caller.Subject;
                if (!connections.TryOpen(key, limits.MaxConnectionsPerCaller))
                {
                    _caller = null;
                    await CloseAsync((WebSocketCloseStatus)4429,
                        $"Too many connections: at most {limits.MaxConnectionsPerCaller} per caller", cancellationToken);
                    return;
                }
                _counted = key;
                await SendAsync(new JsonObject { ["type"] = "connection_ack" }, cancellationToken);
                break;

            case "ping":
                await SendAsync(new JsonObject { ["type"] = "pong" }, cancellationToken);
                break;

            case "pong":
                break;

            case "subscribe":
                await SubscribeAsync(message, cancellationToken);
                break;

            case "complete":
                if (message["id"]?.GetValue<string>() is { } completedId && _operations.TryRemove(completedId, out var op))
                {
                    op.Dispose();
                }
                break;

            default:
                await CloseAsync((WebSocketCloseStatus)4400, $"Unknown message type '{type}'", cancellationToken);
                break;
        }
    }

    private async Task SubscribeAsync(JsonObject message, CancellationToken cancellationToken)
    {
        if (_caller is null)
        {
            await CloseAsync((WebSocketCloseStatus)4401, "Unauthorized", cancellationToken);
            return;
        }
        var id = message["id"]?.GetValueKind() == JsonValueKind.String ? message["id"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(id) || message["payload"] is not JsonObject payload)
        {
            await CloseAsync((WebSocketCloseStatus)4400, "Invalid subscribe message", cancellationToken);
            return;
        }
        if (_operations.Count >= limits.MaxOperationsPerConnection)
        {
            await SendErrorsAsync(id, [new ExecutionError(
                $"This connection already runs {_operations.Count} operations; at most {limits.MaxOperationsPerConnection} are allowed. " +
                "Complete one first.") { Code = "MAX_OPERATIONS_EXCEEDED" }], cancellationToken);
            return;
        }
        if (!_operations.TryAdd(id, Placeholder.Instance))
        {
            await CloseAsync((WebSocketCloseStatus)4409, $"Subscriber for {id} already exists", cancellationToken);
            return;
        }

        GraphQLRequest request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.ToJsonString())
                      ?? throw new JsonException("empty payload");
        }
        catch (JsonException ex)
        {
            _operations.TryRemove(id, out _);
            await SendErrorsAsync(id, [new ExecutionError("Invalid subscribe payload: " + ex.Message)], cancellationToken);
            return;
        }

        var result = await executor.ExecuteAsync(request, _caller, services, allowMutations: true, cancellationToken, () => _outbox.Reader.Count);

        if (result.Streams is { Count: > 0 } streams)
        {
            var observer = new StreamObserver(this, id);
            var subscription = streams.Values.First().Subscribe(observer);
            if (!_operations.TryUpdate(id, subscription, Placeholder.Instance)) subscription.Dispose();
            return;
        }

        if (!result.Executed)
        {
            _operations.TryRemove(id, out _);
            await SendErrorsAsync(id, result.Errors?.ToList() ?? [], cancellationToken);
            return;
        }

        await SendNextAsync(id, result, cancellationToken);
        if (_operations.TryRemove(id, out _))
        {
            await SendAsync(new JsonObject { ["id"] = id, ["type"] = "complete" }, cancellationToken);
        }
    }

    private static string? TokenFrom(JsonObject? payload)
    {
        if (payload is null) return null;
        foreach (var (key, value) in payload)
        {
            if (value?.GetValueKind() != JsonValueKind.String) continue;
            var text = value.GetValue<string>();
            if (key.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            {
                return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text[7..].Trim() : text.Trim();
            }
            if (key.Equals("token", StringComparison.OrdinalIgnoreCase)) return text.Trim();
        }
        return null;
    }

    private Task SendNextAsync(string id, ExecutionResult result, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(serializer.Serialize(result));
        return SendAsync(new JsonObject { ["id"] = id, ["type"] = "next", ["payload"] = payload }, cancellationToken);
    }

    private Task SendErrorsAsync(string id, IReadOnlyList<ExecutionError> errors, CancellationToken cancellationToken)
    {
        var serialized = JsonNode.Parse(serializer.Serialize(new ExecutionResult { Errors = [.. errors] }));
        var list = serialized?["errors"]?.DeepClone() ?? new JsonArray();
        return SendAsync(new JsonObject { ["id"] = id, ["type"] = "error", ["payload"] = list }, cancellationToken);
    }

    private Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_outbox.Writer.TryWrite(Encoding.UTF8.GetBytes(message.ToJsonString())) && socket.State == WebSocketState.Open)
        {
            LogTooSlow(_logger, OutboxCapacity);
            _ = CloseAsync(WebSocketCloseStatus.PolicyViolation, "Too slow: messages were not read", CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(CancellationToken.None);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseAsync(status, reason, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // already gone
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var stream = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return null;
            }
            stream.Write(buffer, 0, received.Count);
            if (stream.Length > 1024 * 1024)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", cancellationToken);
                return null;
            }
            if (received.EndOfMessage) return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing a WebSocket whose client left {Count} messages unread")]
    private static partial void LogTooSlow(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {OperationId} failed")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string operationId);

    private sealed class Placeholder : IDisposable
    {
        public static readonly Placeholder Instance = new();
        public void Dispose() { }
    }

    private sealed class StreamObserver(GraphQLWebSocketSession session, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) =>
            session.SendNextAsync(id, value, CancellationToken.None).GetAwaiter().GetResult();

        public void OnError(Exception error)
        {
            LogStreamFailed(session._logger, error, id);
            if (session._operations.TryRemove(id, out _))
            {
                session.SendErrorsAsync(id, [new ExecutionError("The subscription failed.")], CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        public void OnCompleted()
        {
            if (session._operations.TryRemove(id, out _))
            {
                session.SendAsync(new JsonObject { ["id"] = id, ["type"] = "complete" }, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }
}
