using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

/// <summary>
/// The safe head once it has stopped moving. A process that has just started meets every old gap in the sequence
/// (rolled-back appends) for the first time, and <see cref="SafeHead"/> passes a gap only once it has been missing for
/// <see cref="SafeHead.Settle"/>: a one-off command (an export, <c>audit chain</c>) asks until two answers agree, so
/// that it covers everything already committed, not just the events before the first old gap.
/// </summary>
public static class SettledHead
{
    public static async Task<long> GetAsync(EventLog log, CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        while (true)
        {
            await Task.Delay(SafeHead.Settle + TimeSpan.FromMilliseconds(50), ct);
            var next = await log.SafeHeadAsync(ct);
            if (next == head) return head;
            head = next;
        }
    }
}
