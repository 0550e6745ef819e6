using Marten;

namespace Emis.Platform.Events;

/// <summary>Keeps a module's <see cref="IReferenceCopy"/> documents up to date from the owning module's integration events.</summary>
public static class ReferenceCopy
{
    /// <summary>
    /// Stores <paramref name="copy"/> in the jurisdiction unless the copy already stored is as new or newer. Returns
    /// whether it was stored.
    /// </summary>
    /// <remarks>
    /// Two deliveries of the same entity can be handled at the same moment (a retry beside a newer change, or a queue
    /// handling messages in parallel): each would read the old copy and the last to commit would win, even when it is
    /// the older. A transaction-scoped advisory lock on (jurisdiction, copy type, id) makes them take turns, so the
    /// second reads what the first stored.
    /// </remarks>
    public static async Task<bool> KeepAsync<TCopy>(IDocumentStore store, string jurisdiction, TCopy copy, CancellationToken ct)
        where TCopy : class, IReferenceCopy
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(copy);
        await using var session = store.LightweightSession(jurisdiction);
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, LockKey(jurisdiction, typeof(TCopy), copy.Id));
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

    private static long LockKey(string jurisdiction, Type type, Guid id) =>
        BitConverter.ToInt64(NameBasedGuid.Create(LockNamespace, $"{jurisdiction}\u001f{type.FullName}\u001f{id:N}").ToByteArray(), 0);

    private static readonly Guid LockNamespace = new("5d7c1f0e-2b8a-4c61-9a57-3e0f6b2d4c18");
}
