using System.Globalization;
using System.Security.Cryptography;
using Emis.Platform.Events;
using Marten;
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

    /// <summary>
    /// As the run above, in two stages that overlap: while a batch is being written, the next one is prepared (its identities
    /// chosen, its events made and serialized, and whatever takes no sequence number written already in the batch's own
    /// transaction on another connection). Batches are prepared in file order and written in file order, each in its own
    /// transaction; a batch is written only once the one before it has committed, so they commit in file order, and a
    /// failure stops the run after the batch being written has ended (a batch prepared but not written is rolled back).
    /// </summary>
    /// <param name="prepare">Prepares a batch (null when there is nothing to write: a batch written already).</param>
    /// <param name="write">Writes and commits a prepared batch.</param>
    public static async Task<int> RunAsync<TRow, TPrepared>(Guid importId, IReadOnlyList<TRow> plan, Func<TRow, int> lineOf,
        IReadOnlySet<int> written, Func<TRow[], bool, Task<TPrepared?>> prepare, Func<TPrepared, Task> write, IProgress<int>? progress,
        int rows = Rows)
        where TPrepared : class, IAsyncDisposable
    {
        var batches = plan.Chunk(rows).ToList();
        var done = 0;
        var writing = Task.CompletedTask;
        foreach (var rowsOfBatch in batches)
        {
            TPrepared? prepared;
            try
            {
                var alreadyWritten = rowsOfBatch.All(r => written.Contains(lineOf(r)));
                if (!alreadyWritten && rowsOfBatch.Any(r => written.Contains(lineOf(r))))
                {
                    throw new InvalidOperationException(
                        $"Import {importId} has a batch written in part; this cannot happen with one transaction per batch.");
                }
                prepared = await prepare(rowsOfBatch, alreadyWritten);
            }
            catch
            {
                // The batch being written ends (commits or rolls back) before the run gives up.
                await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
            try
            {
                await writing;
            }
            catch
            {
                if (prepared is not null) await prepared.DisposeAsync();
                throw;
            }
            if (done > 0) progress?.Report(done);
            done += rowsOfBatch.Length;
            writing = prepared is null ? Task.CompletedTask : WriteAsync(prepared, write);
        }
        await writing;
        if (done > 0) progress?.Report(done);
        return batches.Count;
    }

    private static async Task WriteAsync<TPrepared>(TPrepared prepared, Func<TPrepared, Task> write) where TPrepared : IAsyncDisposable
    {
        await using (prepared)
        {
            await write(prepared);
        }
    }
}

/// <summary>A file planned for import: its document (not yet stored) and its rows in file order.</summary>
public sealed record ImportPlan<TDocument, TRow>(TDocument Import, IReadOnlyList<TRow> Rows, Func<TRow, int> LineOf) where TDocument : ImportDocument;

/// <summary>What a run did: the import's document, and whether it was complete already (nothing was read or written).</summary>
public sealed record ImportOutcome<TDocument>(TDocument Import, bool AlreadyComplete) where TDocument : ImportDocument;

/// <summary>
/// Runs an import of people the way adr/0009 says, whatever the people: under the jurisdiction's import lock, a file
/// whose import is complete returns its document untouched; otherwise the importer plans it in memory, the batches
/// already written are passed over, the importer writes each other batch in one transaction of its own (its events,
/// read models, accounts and <see cref="ImportRows"/>), and the document is marked complete.
/// </summary>
public sealed class ImportRunner(IDocumentStore store, NpgsqlDataSource dataSource, ImportRows rows, TimeProvider clock)
{
    /// <param name="plan">Reads, cleans, matches and decides the file (called only when the import is not complete).</param>
    /// <param name="batch">Writes one batch (when not written already: see <see cref="ImportBatches.RunAsync{TRow}"/>).</param>
    public async Task<ImportOutcome<TDocument>> RunAsync<TDocument, TRow>(string tenant, Guid importId,
        Func<CancellationToken, Task<ImportPlan<TDocument, TRow>>> plan, Func<TRow[], bool, TDocument, Task> batch, IProgress<int>? progress,
        CancellationToken ct)
        where TDocument : ImportDocument
    {
        await using var gate = await ImportLock.HoldAsync(dataSource, tenant, ct);
        if (await ExistingAsync<TDocument>(tenant, importId, ct) is { } done) return done;

        var planned = await plan(ct);
        var import = planned.Import;
        var written = await rows.WrittenAsync(tenant, importId, ct);
        var batches = await ImportBatches.RunAsync(importId, planned.Rows, planned.LineOf, written,
            (rowsOfBatch, alreadyWritten) => batch(rowsOfBatch, alreadyWritten, import), progress);

        return await CompleteAsync(tenant, import, batches, ct);
    }

    /// <summary>
    /// As the run above, with each batch prepared while the one before it is written (see <see cref="ImportBatches"/>).
    /// </summary>
    public async Task<ImportOutcome<TDocument>> RunAsync<TDocument, TRow, TPrepared>(string tenant, Guid importId,
        Func<CancellationToken, Task<ImportPlan<TDocument, TRow>>> plan, Func<TRow[], bool, TDocument, Task<TPrepared?>> prepare,
        Func<TPrepared, TDocument, Task> write, IProgress<int>? progress, CancellationToken ct)
        where TDocument : ImportDocument
        where TPrepared : class, IAsyncDisposable
    {
        await using var gate = await ImportLock.HoldAsync(dataSource, tenant, ct);
        if (await ExistingAsync<TDocument>(tenant, importId, ct) is { } done) return done;

        var planned = await plan(ct);
        var import = planned.Import;
        var written = await rows.WrittenAsync(tenant, importId, ct);
        var batches = await ImportBatches.RunAsync(importId, planned.Rows, planned.LineOf, written,
            (rowsOfBatch, alreadyWritten) => prepare(rowsOfBatch, alreadyWritten, import), prepared => write(prepared, import), progress);
        return await CompleteAsync(tenant, import, batches, ct);
    }

    /// <summary>
    /// A complete import's document, untouched (the same file again); null when the import is new or to be resumed. A reverted
    /// import is refused: the same file again does not bring back what the ministry reverted (adr/0026).
    /// </summary>
    private async Task<ImportOutcome<TDocument>?> ExistingAsync<TDocument>(string tenant, Guid importId, CancellationToken ct)
        where TDocument : ImportDocument
    {
        await using var query = store.QuerySession(tenant);
        var existing = await query.LoadAsync<TDocument>(importId, ct);
        if (existing is { Status: ImportStatus.Completed }) return new ImportOutcome<TDocument>(existing, AlreadyComplete: true);
        if (existing is { Status: ImportStatus.Reverting or ImportStatus.Reverted, Revert: var revert })
        {
            var on = revert?.RequestedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            throw new Commands.CommandRejectedException(Commands.ErrorCodes.RuleViolated, "file",
                $"This file was imported (import {importId}) and then reverted by the ministry on {on}: nothing is imported again. " +
                "Correct the file and import the corrected one.");
        }
        return null;
    }

    private async Task<ImportOutcome<TDocument>> CompleteAsync<TDocument>(string tenant, TDocument import, int batches, CancellationToken ct)
        where TDocument : ImportDocument
    {
        await using (var session = store.LightweightSession(tenant))
        {
            import.Status = ImportStatus.Completed;
            import.CompletedAt = clock.GetUtcNow();
            import.BatchesWritten = batches;
            session.Store(import);
            await session.SaveChangesAsync(ct);
        }
        return new ImportOutcome<TDocument>(import, AlreadyComplete: false);
    }
}
