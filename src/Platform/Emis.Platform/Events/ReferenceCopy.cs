using Marten;

namespace Emis.Platform.Events;

/// <summary>Keeps a module's <see cref="IReferenceCopy"/> documents up to date from the owning module's integration events.</summary>
public static class ReferenceCopy
{
    /// <summary>
    /// Stores <paramref name="copy"/> in the jurisdiction unless the copy already stored is as new or newer. Returns
    /// whether it was stored.
    /// </summary>
    public static async Task<bool> KeepAsync<TCopy>(IDocumentStore store, string jurisdiction, TCopy copy, CancellationToken ct)
        where TCopy : class, IReferenceCopy
    {
        await using var session = store.LightweightSession(jurisdiction);
        var existing = await session.LoadAsync<TCopy>(copy.Id, ct);
        if (!Supersedes(copy, existing)) return false;
        session.Store(copy);
        await session.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="incoming"/> should replace <paramref name="existing"/>: deliveries can arrive out of order
    /// after a retry, and an older version (or the same one again) must never win.
    /// </summary>
    public static bool Supersedes(IReferenceCopy incoming, IReferenceCopy? existing) => existing is null || incoming.Version > existing.Version;
}
