using Emis.Platform.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// One per node: when the log's safe head moves (<see cref="EventLogPulse"/>), and at least every few seconds, finds the
/// subscriptions that have events past their cursor and are neither leased by a live owner nor waiting for a scheduled
/// retry, and sends each a <see cref="DeliverWebhook"/> nudge. It is also what makes delivery survive a node's death: a
/// subscription whose owner died is behind with an expired lease, and the next look finds it.
/// </summary>
public sealed partial class WebhookWatcher(IServiceProvider services, EventLogPulse pulse, WebhookStore store, WebhookDelivery delivery,
    ILogger<WebhookWatcher> logger) : BackgroundService
{
    /// <summary>The longest the watcher goes without looking, head moving or not.</summary>
    public static readonly TimeSpan Sweep = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long head = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(Sweep);
                    try
                    {
                        head = await pulse.WaitBeyondAsync(head, wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        head = await pulse.HeadAsync(stoppingToken);
                    }
                }
                await NudgeBehindAsync(head, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong (the database away, the bus not started yet), the watcher must not stop the host:
                // it looks again shortly, and nothing is lost meanwhile (subscriptions stay behind until looked at).
                LogTrouble(logger, e.GetType().Name);
                try { await Task.Delay(Sweep, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task NudgeBehindAsync(long head, CancellationToken ct)
    {
        var behind = await store.BehindAsync(head, ct);
        if (behind.Count == 0) return;
        await using var scope = services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var (id, leased) in behind)
        {
            if (delivery.IsRunningHere(id)) continue; // asked to look again before it stops
            if (leased) continue;                     // another node is on it; if it dies, its lease runs out
            if (!delivery.ShouldNudge(id)) continue;  // a nudge is already waiting in the queue
            await bus.SendAsync(new DeliverWebhook(id));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook watcher could not look for pending deliveries ({Problem}); trying again shortly")]
    private static partial void LogTrouble(ILogger logger, string problem);
}
