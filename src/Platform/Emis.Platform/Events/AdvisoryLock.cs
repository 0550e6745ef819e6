using Marten;

namespace Emis.Platform.Events;

/// <summary>
/// Makes commands that read one stream and write another take turns: begins the session's transaction and takes a
/// transaction-scoped PostgreSQL advisory lock named by a namespace and a name, held until the transaction ends.
/// </summary>
public static class AdvisoryLock
{
    public static async Task TakeAsync(IDocumentSession session, Guid namespaceId, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.BeginTransactionAsync(ct);
        var key = BitConverter.ToInt64(NameBasedGuid.Create(namespaceId, name).ToByteArray(), 0);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, key);
    }
}
