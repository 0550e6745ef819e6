using System.Data;
using System.Diagnostics;
using System.Text;
using Marten;
using Npgsql;

namespace Emis.Platform.ReadModels;

/// <summary>Where a rebuild stands: events read so far out of how many (0 when not counted).</summary>
public readonly record struct RebuildProgress(string ReadModel, long Events, long Total);

/// <summary>What a rebuild did: events read up to which sequence number, rows written per table, how long it took.</summary>
public sealed record RebuildResult(string ReadModel, long Events, long UpTo, IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Events / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Rebuilds the modules' read models (<see cref="IReadModel"/>) from the event log: live, replacing a read model's rows
/// in one transaction, or into a shadow schema for comparison (<see cref="ReadModelVerifier"/>).
/// <para>
/// A live rebuild takes the read model's tables in <c>EXCLUSIVE</c> mode first (plain reads go on and see the old rows
/// until the commit; writes to those tables, inline projections and bulk imports, wait), then reads the events in a
/// repeatable-read snapshot taken after the lock: a writer that touched the tables before has committed and its events
/// are read; a writer that comes after waits and applies its events on top of the rebuilt rows. Rows are deleted, not
/// truncated, because <c>TRUNCATE</c> would block readers too.
/// </para>
/// </summary>
public sealed class ReadModelRebuilder(IEnumerable<IReadModel> models, NpgsqlDataSource database, IDocumentStore store)
{
    private readonly IReadOnlyList<IReadModel> _models = [.. models];

    public IReadOnlyList<IReadModel> All => _models;

    /// <summary>The schema of the live read models and the event log.</summary>
    public string Schema => store.Options.DatabaseSchemaName;

    public IReadModel? Find(string name) => _models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces one read model's rows with rows rebuilt from every event, in one transaction.</summary>
    public async Task<RebuildResult> RebuildLiveAsync(IReadModel model, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // The lock comes before the first query: the snapshot is taken at the first query, after every earlier writer of
        // these tables has committed.
        await ExecuteAsync(connection, transaction,
            $"lock table {string.Join(", ", model.Tables.Select(t => $"{Schema}.{t.Name}"))} in exclusive mode", ct);
        var upTo = await HeadAsync(connection, transaction, ct);
        foreach (var table in model.Tables) await ExecuteAsync(connection, transaction, $"delete from {Schema}.{table.Name}", ct);
        var result = await RunAsync(model, connection, transaction, Schema, upTo, progress, clock, ct);
        await transaction.CommitAsync(ct);
        return result with { Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// Rebuilds read models into <paramref name="shadowSchema"/> (tables created like the live ones), in the caller's
    /// repeatable-read transaction, from the events visible to it (up to <paramref name="upTo"/>).
    /// </summary>
    public async Task<RebuildResult> RebuildShadowAsync(IReadModel model, NpgsqlConnection connection, NpgsqlTransaction transaction, string shadowSchema,
        long upTo, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(connection, transaction, $"create schema if not exists {shadowSchema}", ct);
        foreach (var table in model.Tables)
        {
            // LIKE copies columns and NOT NULL constraints, not defaults, indexes or keys: generated ids stay empty and a
            // shadow row never draws from a live sequence.
            var sql = new StringBuilder($"drop table if exists {shadowSchema}.{table.Name}; create table {shadowSchema}.{table.Name} (like {Schema}.{table.Name})");
            foreach (var column in table.GeneratedColumns) sql.Append($"; alter table {shadowSchema}.{table.Name} alter column {column} drop not null");
            await ExecuteAsync(connection, transaction, sql.ToString(), ct);
        }
        return await RunAsync(model, connection, transaction, shadowSchema, upTo, progress, clock, ct);
    }

    /// <summary>The greatest sequence number visible to the transaction (0 for an empty log).</summary>
    public async Task<long> HeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {Schema}.mt_events", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<RebuildResult> RunAsync(IReadModel model, NpgsqlConnection connection, NpgsqlTransaction transaction, string target, long upTo,
        IProgress<RebuildProgress>? progress, Stopwatch clock, CancellationToken ct)
    {
        IProgress<long>? events = null;
        if (progress is not null)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {Schema}.mt_events where type = any($1) and seq_id <= $2", connection, transaction)
            {
                CommandTimeout = 0,
            };
            count.Parameters.Add(new NpgsqlParameter { Value = model.EventTypes.ToArray() });
            count.Parameters.Add(new NpgsqlParameter { Value = upTo });
            var total = (long)(await count.ExecuteScalarAsync(ct))!;
            progress.Report(new RebuildProgress(model.Name, 0, total));
            events = new Progress(model.Name, total, progress);
        }
        var read = await model.RebuildAsync(new ReadModelRebuild(connection, transaction, Schema, target, upTo, events), ct);
        var rows = new Dictionary<string, long>();
        foreach (var table in model.Tables)
        {
            await using var command = new NpgsqlCommand($"select count(*) from {target}.{table.Name}", connection, transaction);
            rows[table.Name] = (long)(await command.ExecuteScalarAsync(ct))!;
        }
        return new RebuildResult(model.Name, read, upTo, rows, clock.Elapsed);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reports synchronously (a <see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class Progress(string name, long total, IProgress<RebuildProgress> target) : IProgress<long>
    {
        public void Report(long value) => target.Report(new RebuildProgress(name, value, total));
    }
}
