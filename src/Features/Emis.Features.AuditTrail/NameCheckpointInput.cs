namespace Emis.Features.AuditTrail;

public sealed class NameCheckpointInput
{
    public string Name { get; set; } = "";
    public long? Sequence { get; set; }
    public DateTimeOffset? AsOf { get; set; }
    public string? Reason { get; set; }
}
