using System.Data;
using System.Diagnostics;
using System.Text;
using Emis.Platform.ReadModels;
using Marten;
using Npgsql;

namespace Emis.Features.Rebuild;

public sealed class ReadModelRebuilder(IEnumerable<IReadModel> models, NpgsqlDataSource database, IDocumentStore store) : IReadModelRebuilder
{
    Task IReadModelRebuilder.RebuildLiveAsync(IReadModel model, CancellationToken ct) => RebuildLiveAsync(model, null, ct);

    public IReadOnlyList<IReadModel> All { get; } = [.. models];

    /// <summary>The schema of the live read models and the event log.</summary>
    public string Schema => store.Options.DatabaseSchemaName;

    public IReadModel? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

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
        if (!model.RebuildsIntoNewTables)
        {
            foreach (var table in model.Tables) await ExecuteAsync(connection, transaction, $"delete from {Schema}.{table.Name}", ct);
            var result = await RunAsync(model, connection, transaction, Schema, upTo, progress, clock, ct);
            await transaction.CommitAsync(ct);
            return result with { Elapsed = clock.Elapsed };
        }

        // New tables in a schema of their own (same names, so the read model writes them as it writes a shadow copy),
        // with the live tables' columns and defaults (a generated id draws from the live sequence) but no index yet.
        var staging = $"{Schema}_rebuild_{model.Name.Replace('-', '_')}";
        await ExecuteAsync(connection, transaction, $"drop schema if exists {staging} cascade; create schema {staging}", ct);
        foreach (var table in model.Tables)
        {
            await ExecuteAsync(connection, transaction, $"create table {staging}.{table.Name} (like {Schema}.{table.Name} including defaults)", ct);
        }
        // Room to sort for the index builds; the rebuilt rows can be written again if a crash loses them, so the commit
        // need not wait for its WAL to reach the disk (the old rows stay durable until then).
        await ExecuteAsync(connection, transaction, "set local maintenance_work_mem = '512MB'; set local synchronous_commit = off", ct);
        var rebuilt = await RunAsync(model, connection, transaction, staging, upTo, progress, clock, ct);
        foreach (var table in model.Tables) await SwapAsync(connection, transaction, table.Name, staging, ct);
        await ExecuteAsync(connection, transaction, $"drop schema {staging}", ct);
        await transaction.CommitAsync(ct);
        return rebuilt with { Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// Gives the new table the live one's keys and indexes (same names, built once over all rows), moves the ownership of
    /// the live table's sequences to it, drops the live table and moves the new one in its place. Readers see the old
    /// rows until the commit (they wait only for the swap itself); writers wait from the first lock, and after the commit
    /// resolve the table's name again, to the new table. A writer that had read the table earlier in its transaction
    /// would hold the drop up and deadlock (PostgreSQL aborts one of the two), hence opt-in.
    /// </summary>
    private async Task SwapAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string staging, CancellationToken ct)
    {
        var live = $"{Schema}.{table}";
        var statements = new List<string>();
        var sequences = new List<(string Sequence, string Column)>();
        await using (var command = new NpgsqlCommand("""
            select pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
            from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x')
            where i.indrelid = $1::regclass
            order by c.conname is null, i.indexrelid
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = live });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(1))
                {
                    statements.Add($"alter table {staging}.{table} add constraint {reader.GetString(1)} {reader.GetString(2)}");
                    continue;
                }
                // "CREATE INDEX name ON schema.table USING ...": the same index on the new table.
                var definition = reader.GetString(0);
                var on = definition.IndexOf($" ON {live} ", StringComparison.Ordinal);
                if (on < 0) throw new InvalidOperationException($"unexpected index definition on {live}: {definition}");
                statements.Add(string.Concat(definition.AsSpan(0, on), $" ON {staging}.{table} ", definition.AsSpan(on + live.Length + 5)));
            }
        }
        await using (var command = new NpgsqlCommand("""
            select pg_get_serial_sequence($1, a.attname), a.attname from pg_attribute a
            where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and pg_get_serial_sequence($1, a.attname) is not null
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = live });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) sequences.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var sql in statements) await ExecuteAsync(connection, transaction, sql, ct);
        await ExecuteAsync(connection, transaction, $"analyze {staging}.{table}", ct);
        // A sequence must be in its owner's schema: released while the tables change places, owned by the new one after.
        foreach (var (sequence, _) in sequences) await ExecuteAsync(connection, transaction, $"alter sequence {sequence} owned by none", ct);
        await ExecuteAsync(connection, transaction, $"drop table {live}; alter table {staging}.{table} set schema {Schema}", ct);
        foreach (var (sequence, column) in sequences)
        {
            await ExecuteAsync(connection, transaction, $"alter sequence {sequence} owned by {live}.{column}", ct);
        }
    }

    /// <summary>
    /// Rebuilds read models into <paramref name="shadowSchema"/> (tables created like the live ones), in the caller's
    /// repeatable-read transaction, from the events visible to it (up to <paramref name="upTo"/>).
    /// </summary>
    public async Task<RebuildResult> RebuildShadowAsync(
        IReadModel model, NpgsqlConnection connection, NpgsqlTransaction transaction, string shadowSchema,
        long upTo, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(connection, transaction, $"create schema if not exists {shadowSchema}", ct);
        foreach (var table in model.Tables)
        {
            // LIKE copies columns and NOT NULL constraints, not defaults, indexes or keys: generated ids stay empty and a
            // shadow row never draws from a live sequence.
            var sql = new StringBuilder(
                $"drop table if exists {shadowSchema}.{table.Name}; create table {shadowSchema}.{table.Name} (like {Schema}.{table.Name})");
            foreach (var column in table.GeneratedColumns)
            {
                sql.Append($"; alter table {shadowSchema}.{table.Name} alter column {column} drop not null");
            }
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
            await using var count = new NpgsqlCommand(
                $"select count(*) from {Schema}.mt_events where type = any($1) and seq_id <= $2", connection, transaction)
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
