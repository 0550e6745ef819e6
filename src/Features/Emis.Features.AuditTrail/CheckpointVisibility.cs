using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Features.AuditTrail;

internal sealed class CheckpointVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<NamedCheckpoint>(streamId, ct) is null ? null : true;
    }
}
