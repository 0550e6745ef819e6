namespace Emis.Features.AuditTrail;

public enum ChainBreakKind
{
    /// <summary>The event is there but its content (or id) is not what was chained.</summary>
    Altered,

    /// <summary>The chain has the event; the log no longer does.</summary>
    Deleted,

    /// <summary>The log has an event, below the chained head, that the chain never saw.</summary>
    Inserted,

    /// <summary>A recorded head (checkpoint) disagrees with the chain recomputed from the log.</summary>
    CheckpointMismatch,
}
