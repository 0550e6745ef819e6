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

internal sealed class CheckpointVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<NamedCheckpoint>(streamId, ct) is null ? null : true;
    }
}
