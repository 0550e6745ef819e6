using System.Globalization;
using System.Security.Cryptography;
using Emis.Platform.Events;
using Npgsql;

namespace Emis.Platform.Imports;

/// <summary>
/// The identity of an import and of the people it creates (adr/0009): an import is a UUIDv5 of what it imports (the
/// jurisdiction, the file's SHA-256 and what else the importer keys it by) in the importer's own namespace, and a new
/// person is a UUIDv5 of (import, line). The same file again is the same import: it resumes, or returns its report.
/// </summary>
public static class ImportIds
{
    /// <summary>The file's SHA-256 as upper-case hex (stored on the import).</summary>
    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    /// <summary>The import's id: the key's parts joined by <c>|</c>, in the importer's namespace.</summary>
    public static Guid Of(Guid importerNamespace, params string[] key) => NameBasedGuid.Create(importerNamespace, string.Join('|', key));

    /// <summary>The id of the person a line of the import creates.</summary>
    public static Guid PersonOf(Guid importId, int row) => NameBasedGuid.Create(importId, row.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// One import of people at a time per jurisdiction, learners and staff alike: EduIDs and account names are chosen in
/// memory against what Credentials has issued, from one pool. A review decision that issues an identity takes the same
/// lock. The lock is a PostgreSQL transaction-level advisory lock on <see cref="KeyOf"/>.
/// </summary>
public sealed class ImportLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private ImportLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>The key the lock is taken on (its <c>hashtext</c>).</summary>
    public static string KeyOf(string jurisdiction) => "emis-people-import:" + jurisdiction;

    /// <summary>
    /// Waits for the lock and holds it until disposed. It belongs to a transaction of its own that lives as long as the
    /// import: ending it (commit, rollback or disposal) releases it. A session lock would outlive the import on a pooled connection.
    /// </summary>
    public static async Task<ImportLock> HoldAsync(NpgsqlDataSource dataSource, string jurisdiction, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", connection, transaction))
            {
                command.Parameters.Add(new() { Value = KeyOf(jurisdiction) });
                await command.ExecuteNonQueryAsync(ct);
            }
            return new ImportLock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the lock inside a write's own transaction, waiting at most <paramref name="wait"/> (a review decision waits
    /// for a running import a little, not for the whole import); false when it could not.
    /// </summary>
    public static async Task<bool> TryTakeAsync(BulkWrite write, TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await using (var timeout = new NpgsqlCommand(
                $"set local lock_timeout = '{(int)wait.TotalSeconds}s'", write.Connection))
            {
                await timeout.ExecuteNonQueryAsync(ct);
            }
            await using var gate = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", write.Connection);
            gate.Parameters.Add(new() { Value = KeyOf(write.Tenant) });
            await gate.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (PostgresException busy) when (busy.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>
/// The plan written in batches, each one transaction (adr/0009): a batch whose rows are all written already is passed
/// over (a resumed import), a batch written in part cannot happen, every other batch is written by the importer.
/// </summary>
public static class ImportBatches
{
    /// <summary>Rows per transaction.</summary>
    public const int Rows = 2000;

    /// <param name="batch">Called for every batch in file order, with whether it is written already (the importer still
    /// needs its rows, e.g. to know the identities a later duplicate joins), and writes it when it is not.</param>
    /// <returns>The number of batches.</returns>
    public static async Task<int> RunAsync<TRow>(Guid importId, IReadOnlyList<TRow> plan, Func<TRow, int> lineOf, IReadOnlySet<int> written,
        Func<TRow[], bool, Task> batch, IProgress<int>? progress, int rows = Rows)
    {
        var batches = plan.Chunk(rows).ToList();
        var done = 0;
        foreach (var rowsOfBatch in batches)
        {
            var alreadyWritten = rowsOfBatch.All(r => written.Contains(lineOf(r)));
            if (!alreadyWritten && rowsOfBatch.Any(r => written.Contains(lineOf(r))))
            {
                throw new InvalidOperationException(
                    $"Import {importId} has a batch written in part; this cannot happen with one transaction per batch.");
            }
            await batch(rowsOfBatch, alreadyWritten);
            done += rowsOfBatch.Length;
            progress?.Report(done);
        }
        return batches.Count;
    }
}
