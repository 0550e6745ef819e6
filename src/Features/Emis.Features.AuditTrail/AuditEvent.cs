namespace Emis.Features.AuditTrail;

public sealed record AuditEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    long Version,
    string Type,
    DateTimeOffset Time,
    string Jurisdiction,
    string? Actor,
    string? Reason,
    string? Source,
    string? CorrelationId,
    string? CausationId,
    string Data,
    bool Pseudonymised)
{
    /// <summary>Never event data in a log line.</summary>
    public override string ToString() => $"AuditEvent {{ Sequence = {Sequence}, Type = {Type}, StreamId = {StreamId} }}";
}
