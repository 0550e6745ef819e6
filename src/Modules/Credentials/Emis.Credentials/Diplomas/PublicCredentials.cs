using System.Collections.Concurrent;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// PLACEHOLDER on the pages branch, replaced by the diploma backend's service of the same name when it is merged: serves the
/// credentials a test puts in it, so that the pages build and can be tested before the backend lands.
/// </summary>
public sealed class PublicCredentials
{
    private readonly ConcurrentDictionary<Guid, string> _issued = new();

    /// <summary>The credential's compact JWS, or null when there is none with this id.</summary>
    public Task<string?> CredentialJwtAsync(Guid id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(_issued.TryGetValue(id, out var jws) ? jws : null);
    }

    internal void Put(Guid id, string jws) => _issued[id] = jws;
}
