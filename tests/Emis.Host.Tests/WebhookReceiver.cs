using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emis.Host.Tests;

/// <summary>One request a <see cref="WebhookReceiver"/> received, with the answer it gave.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, int Answer)
{
    public JsonObject Event => JsonNode.Parse(Body)!.AsObject();
    public string Type => Event["type"]!.GetValue<string>();
    public long Sequence => Event["sequence"]!.GetValue<long>();
    public string Subject => Event["subject"]!.GetValue<string>();
}

/// <summary>
/// A partner's webhook endpoint on a real Kestrel port on loopback: records every request (headers and body) and answers
/// as told — 200 by default, a chosen status for the next N requests, a chosen status per path, or a request held open
/// until released. It can stop and start again on the same port (connections refused meanwhile).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _statusByPath = new();
    private readonly List<Waiter> _waiters = [];
    private LoopbackServer? _server;
    private int _failNext;
    private int _failStatus = 503;
    private Func<ReceivedWebhook, bool>? _hold;
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public string Url(string path = "/hooks") => $"http://127.0.0.1:{Port}{path}";

    /// <summary>A free port nobody listens on yet (to register a URL before the receiver is up).</summary>
    public static int FreePort() => LoopbackServer.FreePort();

    public async Task StartAsync(int port = 0)
    {
        _server = await LoopbackServer.StartAsync(HandleAsync, port);
        Port = _server.Port;
    }

    public async Task StopAsync()
    {
        if (_server is null) return;
        await _server.StopAsync(TimeSpan.FromSeconds(2));
        await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>The next <paramref name="requests"/> requests are answered with <paramref name="status"/>.</summary>
    public void FailNext(int requests, int status = 503)
    {
        _failStatus = status;
        Interlocked.Exchange(ref _failNext, requests);
    }

    /// <summary>Requests to this path are answered with the status until <see cref="Heal"/>.</summary>
    public void Fail(string path, int status) => _statusByPath[path] = status;

    public void Heal(string path) => _statusByPath.TryRemove(path, out _);

    /// <summary>
    /// The first request matching is held open (not answered) until <see cref="Release"/>; the task returned completes
    /// when it arrives.
    /// </summary>
    public Task Hold(Func<ReceivedWebhook, bool> match)
    {
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = match;
        return _held.Task;
    }

    public void Release() => _release.TrySetResult();

    /// <summary>Distinct events (by webhook-id) answered 2xx on a path, in the order of their first such answer.</summary>
    public IReadOnlyList<ReceivedWebhook> Delivered(string path = "/hooks")
    {
        var seen = new HashSet<string>();
        return [.. Received.Where(r => r.Path == path && r.Answer is >= 200 and < 300 && seen.Add(r.Id!))];
    }

    /// <summary>
    /// Returns once the condition holds over what was received: checked now and again each time a request arrives (the
    /// receiver completes the wait itself; nothing polls). Fails the test after <paramref name="seconds"/>.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> UntilAsync(
        Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 60, string? what = null)
    {
        var waiter = new Waiter(done);
        lock (_waiters) _waiters.Add(waiter);
        try
        {
            waiter.Check(Received);
            return await waiter.Signal.Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            var received = Received;
            throw new Xunit.Sdk.XunitException($"The receiver never got {what ?? "what was expected"}; it got {received.Count} requests: " +
                string.Join(", ", received.Select(r => $"{r.Path} {r.Id} -> {r.Answer}")));
        }
        finally
        {
            lock (_waiters) _waiters.Remove(waiter);
        }
    }

    private void Enqueue(ReceivedWebhook received)
    {
        _received.Enqueue(received);
        Waiter[] waiters;
        lock (_waiters) waiters = [.. _waiters];
        if (waiters.Length == 0) return;
        var all = Received;
        foreach (var waiter in waiters) waiter.Check(all);
    }

    private sealed class Waiter(Func<IReadOnlyList<ReceivedWebhook>, bool> done)
    {
        public TaskCompletionSource<IReadOnlyList<ReceivedWebhook>> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Check(IReadOnlyList<ReceivedWebhook> received)
        {
            if (done(received)) Signal.TrySetResult(received);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        var headers = http.Request.Headers;
        var probe = new ReceivedWebhook(path, headers["webhook-id"].FirstOrDefault(), headers["webhook-timestamp"].FirstOrDefault(),
            headers["webhook-signature"].FirstOrDefault(), http.Request.ContentType, body, 0);

        if (_hold is { } hold && hold(probe))
        {
            _hold = null;
            Enqueue(probe with { Answer = -1 });
            _held.TrySetResult();
            // Held until released or until the sender gives up on it.
            try
            {
                await _release.Task.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up on it (or the host stopped): nobody reads the answer.
            }
            http.Response.StatusCode = 503;
            return;
        }

        var status = _statusByPath.TryGetValue(path, out var byPath) ? byPath : TakeFailure() ? _failStatus : 200;
        Enqueue(probe with { Answer = status });
        http.Response.StatusCode = status;
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failNext);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _failNext, left - 1, left) == left) return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await StopAsync();
    }

}
