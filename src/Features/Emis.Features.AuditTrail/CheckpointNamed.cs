using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed record CheckpointNamed(Guid CheckpointId, string Name, long Sequence, DateTimeOffset AsOf);
