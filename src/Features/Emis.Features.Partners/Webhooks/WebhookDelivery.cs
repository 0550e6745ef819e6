using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Emis.Platform.EventLog;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// Sends a subscription's events, one CloudEvent per request, in log order, from its cursor. The cursor moves only over
/// events answered 2xx (recorded in steps, see <see cref="CheckpointEvery"/>), under the subscription's lease; a failure
/// records the attempt and schedules a retry
/// (a Wolverine durable scheduled message committed with the record), until the retry budget runs out and the pending
/// events are parked. No database transaction is open while a request is in flight.
/// </summary>
public sealed partial class WebhookDelivery : IDisposable
{
    /// <summary>Events read from the log per round trip.</summary>
    private const int Page = 100;

    /// <summary>
    /// The cursor is recorded after this many events answered 2xx (and always at the end of a page, before a failure is
    /// recorded and when stopping): one write per event would bound a subscription's throughput by the database's commit
    /// rate. A node that dies between records sends those events again (at least once; receivers de-duplicate by webhook-id).
    /// </summary>
    private const int CheckpointEvery = 20;

    /// <summary>
    /// A handler hands over to a fresh message after this long (well inside Wolverine's execution timeout), however few events it sent.
    /// </summary>
    internal static readonly TimeSpan SliceTime = TimeSpan.FromSeconds(20);

    private sealed record Acknowledged(long Sequence, int Status, int Count);

    /// <summary>Pending events recorded as dead letters when a subscription is parked (the rest follow after a replay anyway).</summary>
    public const int MaxDeadLetters = 1000;

    private readonly WebhookStore _store;
    private readonly PublicEvents _events;
    private readonly EventLog _log;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookDelivery> _logger;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, bool> _running = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTime> _nudged = new();

    /// <summary>A nudge the watcher sent and no handler has picked up yet is not repeated within this time.</summary>
    private static readonly TimeSpan NudgeAgainAfter = TimeSpan.FromSeconds(15);

    public WebhookDelivery(WebhookStore store, PublicEvents events, EventLog log, WebhookSettings settings, TimeProvider clock,
        ILogger<WebhookDelivery> logger)
    {
        _store = store;
        _events = events;
        _log = log;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _http = new HttpClient(WebhookTargets.Handler(() => settings.AllowPrivateTargets, settings.Timeout)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Emis-Webhooks", "1"));
    }

    /// <summary>Whether this node is delivering the subscription right now (the watcher then only asks it to look again).</summary>
    public bool IsRunningHere(Guid id)
    {
        lock (_gate)
        {
            if (!_running.ContainsKey(id)) return false;
            _running[id] = true;
            return true;
        }
    }

    /// <summary>Whether the watcher should nudge the subscription (no nudge of its is waiting in this node's queue); notes the nudge.</summary>
    public bool ShouldNudge(Guid id)
    {
        var now = DateTime.UtcNow;
        if (_nudged.TryGetValue(id, out var at) && now - at < NudgeAgainAfter) return false;
        _nudged[id] = now;
        return true;
    }

    public async Task DeliverAsync(DeliverWebhook message, IDocumentSession session, IMessageBus bus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(bus);
        var id = message.SubscriptionId;
        _nudged.TryRemove(id, out _);
        lock (_gate)
        {
            // Already being delivered on this node: the running delivery looks again before it stops.
            if (_running.ContainsKey(id))
            {
                _running[id] = true;
                return;
            }
            _running[id] = false;
        }
        WebhookClaim? claim = null;
        Acknowledged? acknowledged = null;
        var owned = true;
        var lease = _settings.Lease;

        // Moves the cursor over the events answered 2xx since the last record (and renews the lease); false when the lease was lost.
        async Task<bool> RecordAsync(CancellationToken token)
        {
            if (acknowledged is null || claim is null) return claim is not null;
            if (!await _store.AdvanceAsync(claim, acknowledged.Sequence, acknowledged.Status, acknowledged.Count, lease, token))
            {
                claim = null; // expired and taken by another node, which goes on from the recorded cursor
                return false;
            }
            claim = claim with { Cursor = acknowledged.Sequence, Attempts = 0 };
            acknowledged = null;
            return true;
        }

        try
        {
            claim = await _store.ClaimAsync(id, Guid.NewGuid(), lease, message.Retry, ct);
            var sent = 0;
            var began = System.Diagnostics.Stopwatch.GetTimestamp();
            bool SliceOver() => sent >= _settings.SliceEvents || System.Diagnostics.Stopwatch.GetElapsedTime(began) > SliceTime;
            while (claim is not null)
            {
                var head = await _log.SafeHeadAsync(ct);
                var events = await _events.ReadAsync(claim.Jurisdiction, claim.Cursor, claim.Types, Page, claim.PersonalData, ct);
                foreach (var (sequence, cloudEvent) in events)
                {
                    var outcome = await SendAsync(claim, cloudEvent, ct);
                    if (outcome.Delivered)
                    {
                        acknowledged = new Acknowledged(sequence, outcome.Status ?? 200, (acknowledged?.Count ?? 0) + 1);
                        sent++;
                        if (acknowledged.Count >= CheckpointEvery && !await RecordAsync(ct)) return;
                        if (SliceOver()) break;
                        continue;
                    }
                    if (!await RecordAsync(ct)) return;
                    // Off the running list first: the scheduled retry may come back before this handler has returned.
                    Leave(id, ref owned);
                    await FailedAsync(claim!, sequence, outcome, session, bus, ct);
                    claim = null; // the failure record gave the lease up
                    return;
                }
                if (!await RecordAsync(ct)) return;

                if (events.Count < Page && head > claim.Cursor && !SliceOver())
                {
                    // Everything of its types up to the head has been sent: the cursor passes the events it does not take,
                    // so the watcher stops seeing it behind.
                    if (!await _store.AdvanceAsync(claim, head, null, 0, lease, ct))
                    {
                        claim = null;
                        return;
                    }
                    claim = claim with { Cursor = head };
                }
                if (events.Count > 0 && !SliceOver()) continue;
                if (events.Count > 0)
                {
                    // A long backlog goes on in a new message: handlers stay short and other subscriptions get their turn.
                    await _store.ReleaseAsync(claim, ct);
                    claim = null;
                    Leave(id, ref owned);
                    await bus.SendAsync(new DeliverWebhook(id));
                    return;
                }

                await _store.ReleaseAsync(claim, ct);
                claim = null;
                lock (_gate)
                {
                    if (!_running[id])
                    {
                        _running.Remove(id);
                        owned = false;
                        return;
                    }
                    _running[id] = false;
                }
                // Asked to look again while this round was reading: take the lease again and go on.
                claim = await _store.ClaimAsync(id, Guid.NewGuid(), lease, false, ct);
            }
        }
        finally
        {
            if (owned)
            {
                lock (_gate) _running.Remove(id);
            }
            if (claim is not null)
            {
                try
                {
                    // Stopped mid-way: what was answered 2xx is still recorded, so a restart does not send it again.
                    using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await RecordAsync(release.Token);
                    if (claim is not null) await _store.ReleaseAsync(claim, release.Token);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or ObjectDisposedException)
                {
                    // Stopping or the database is away: the lease expires by itself.
                }
            }
        }
    }

    private void Leave(Guid id, ref bool owned)
    {
        if (!owned) return;
        lock (_gate) _running.Remove(id);
        owned = false;
    }

    private async Task FailedAsync(
        WebhookClaim claim, long sequence, SendOutcome outcome, IDocumentSession session, IMessageBus bus, CancellationToken ct)
    {
        var attempts = claim.Attempts + 1;
        if (outcome.Status == (int)HttpStatusCode.Gone)
        {
            // The receiver says the endpoint is gone for good: stop sending, keep what was pending for a replay.
            await _store.ParkAsync(claim, WebhookStates.Disabled, attempts, outcome.Error, outcome.Status, await PendingAsync(claim, ct), ct);
            LogDisabled(_logger, claim.Id, claim.Jurisdiction, sequence);
            return;
        }
        var schedule = _settings.RetrySchedule;
        if (attempts > schedule.Count)
        {
            await _store.ParkAsync(claim, WebhookStates.Parked, attempts, outcome.Error, outcome.Status, await PendingAsync(claim, ct), ct);
            LogParked(_logger, claim.Id, claim.Jurisdiction, sequence, attempts);
            return;
        }
        var delay = Jitter(schedule[attempts - 1]);
        // The failure and its retry commit together through the session's outbox: both are recorded, or neither.
        session.QueueSqlCommand(_store.FailedSql, attempts, delay.TotalSeconds, outcome.Error, outcome.Status ?? 0, claim.Id, claim.Token);
        await bus.ScheduleAsync(new DeliverWebhook(claim.Id, Retry: true), delay);
        await session.SaveChangesAsync(ct);
        LogFailed(_logger, claim.Id, claim.Jurisdiction, sequence, attempts, outcome.Error, delay);
    }

    private async Task<IReadOnlyList<(long, Guid, string)>> PendingAsync(WebhookClaim claim, CancellationToken ct)
    {
        var pending = await _events.ReadAsync(claim.Jurisdiction, claim.Cursor, claim.Types, MaxDeadLetters, personalData: false, ct);
        return [.. pending.Select(p => (p.Sequence, Guid.Parse(p.CloudEvent["id"]!.GetValue<string>()), p.CloudEvent["type"]!.GetValue<string>()))];
    }

    /// <summary>±20 %, so that many subscriptions failing together do not retry together.</summary>
    private static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + 0.4 * Random.Shared.NextDouble())));

    private sealed record SendOutcome(bool Delivered, int? Status, string Error);

    private async Task<SendOutcome> SendAsync(WebhookClaim claim, System.Text.Json.Nodes.JsonObject cloudEvent, CancellationToken ct)
    {
        var id = cloudEvent["id"]!.GetValue<string>();
        if (claim.Envelope == Feed.CloudEventEnvelope.V2) Feed.CloudEventEnvelope.ToV2(cloudEvent, _settings.PublicBase);
        var body = Encoding.UTF8.GetBytes(cloudEvent.ToJsonString(PublicEvents.Json));
        var now = _clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        // During a rotation's overlap both secrets sign, the new one first; the claim only carries a previous secret still in its overlap.
        string[] secrets = claim.PreviousSecret is { } previous && claim.PreviousSecretUntil > now ? [claim.Secret, previous] : [claim.Secret];
        using var request = new HttpRequestMessage(HttpMethod.Post, claim.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new SendOutcome(true, status, "")
                : new SendOutcome(false, status, $"HTTP {status} {response.ReasonPhrase}".Trim());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"no answer within {_settings.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(false, null, Describe(e));
        }
    }

    private static string Describe(HttpRequestException e)
    {
        var inner = e.InnerException is System.Net.Sockets.SocketException socket ? $" ({socket.SocketErrorCode})" : "";
        var text = e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => "request failed",
        };
        return e.Message.StartsWith("Refused to connect", StringComparison.Ordinal) ? e.Message : text + inner;
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook {SubscriptionId} ({Jurisdiction}): event {Sequence} failed (attempt {Attempt}: {Error}); retrying in {Delay}")]
    private static partial void LogFailed(
        ILogger logger, Guid subscriptionId, string jurisdiction, long sequence, int attempt, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook {SubscriptionId} ({Jurisdiction}): retry budget spent at event {Sequence} after {Attempts} attempts; " +
            "pending events parked")]
    private static partial void LogParked(ILogger logger, Guid subscriptionId, string jurisdiction, long sequence, int attempts);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook {SubscriptionId} ({Jurisdiction}): the receiver answered 410 Gone at event {Sequence}; subscription disabled")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, string jurisdiction, long sequence);
}
