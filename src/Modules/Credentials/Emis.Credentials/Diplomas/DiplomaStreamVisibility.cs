using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// A diploma's history is visible to whoever may list the diploma (<see cref="DiplomaAccess"/>); an issuer's (its public keys)
/// to the ministry.
/// </summary>
internal sealed class DiplomaStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        if (streamId == IssuerView.IdFor(caller.Jurisdiction)) return caller.IsMinistry;
        await using var session = store.QuerySession(caller.Jurisdiction);
        var diploma = await session.LoadAsync<DiplomaView>(streamId, ct);
        return diploma is null ? null : DiplomaAccess.Sees(caller, diploma);
    }
}
