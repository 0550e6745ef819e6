namespace Emis.Features.AuditTrail;

public sealed record ChainBreak(long Sequence, Guid EventId, string Type, ChainBreakKind Kind)
{
    public string Describe() => Kind switch
    {
        ChainBreakKind.Altered => $"event {Sequence} ({Type}, id {EventId}) was altered after it was chained",
        ChainBreakKind.Deleted => $"event {Sequence} ({Type}, id {EventId}) was deleted after it was chained",
        ChainBreakKind.Inserted => $"event {Sequence} ({Type}, id {EventId}) was inserted below the chained head",
        _ => $"the recorded head at event {Sequence} ({Type}, id {EventId}) does not match the recomputed chain",
    };
}
