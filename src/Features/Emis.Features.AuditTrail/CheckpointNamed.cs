namespace Emis.Features.AuditTrail;

public sealed record CheckpointNamed(Guid CheckpointId, string Name, long Sequence, DateTimeOffset AsOf);
