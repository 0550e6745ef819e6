using Emis.Platform.Commands;

namespace Emis.Features.AuditTrail;

public sealed record NameCheckpointPayload(NamedCheckpoint? Checkpoint, IReadOnlyList<UserError> Errors);
