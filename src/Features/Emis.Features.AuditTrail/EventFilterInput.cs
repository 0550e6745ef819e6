namespace Emis.Features.AuditTrail;

public sealed class EventFilterInput
{
    public List<string>? Types { get; set; }
    public Guid? StreamId { get; set; }
    public string? Actor { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }

    public AuditFilter ToFilter() => new(Types, StreamId, Actor, From, To);
}
