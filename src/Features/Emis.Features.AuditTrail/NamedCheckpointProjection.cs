using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Features.AuditTrail;

public sealed class NamedCheckpointProjection : SingleStreamProjection<NamedCheckpoint, Guid>
{
    public static NamedCheckpoint Create(IEvent<CheckpointNamed> e) => new()
    {
        Id = e.Data.CheckpointId,
        Name = e.Data.Name,
        Sequence = e.Data.Sequence,
        AsOf = e.Data.AsOf,
        NamedAt = e.Timestamp,
        NamedBy = e.Headers?.TryGetValue(EventHeaders.Actor, out var actor) == true ? actor?.ToString() : null,
        Reason = e.Headers?.TryGetValue(EventHeaders.Reason, out var reason) == true ? reason?.ToString() : null,
        Version = e.Version,
    };
}
