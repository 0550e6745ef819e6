namespace Emis.Platform.Events;

/// <summary>
/// The clock that stamps events: the system clock cut to whole microseconds, PostgreSQL's precision. The inline
/// projections are handed the timestamp taken in .NET (QuickWithServerTimestamps) while the event row keeps it to the
/// microsecond; with ticks below that, a document built inline would hold an instant that no rebuild from the stored
/// events can reproduce (adr/0013).
/// </summary>
public sealed class MicrosecondClock(TimeProvider inner) : TimeProvider
{
    public static readonly MicrosecondClock Shared = new(System);

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
