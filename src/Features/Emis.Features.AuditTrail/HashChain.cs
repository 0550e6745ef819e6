using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Emis.Platform.EventLog;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Features.AuditTrail;

public sealed class HashChain(NpgsqlDataSource database, IDocumentStore store, EventLog log)
{
    public const string ChainTable = "aud_hash_chain";
    public const string CheckpointTable = "aud_chain_checkpoints";

    /// <summary>Rows hashed and written per transaction while extending.</summary>
    public const int BatchSize = 20_000;

    // "emis.audit.hash_chain": one extender at a time across every node sharing the database.
    private const long LockKey = 0x656d_6973_6863_6831;
    private static readonly byte[] Genesis = new byte[32];

    private readonly string _schema = store.Options.DatabaseSchemaName;

    public static IEnumerable<Table> Tables(string schema)
    {
        var chain = new Table(new PostgresqlObjectName(schema, ChainTable, SchemaUtils.IdentifierUsage.General));
        chain.AddColumn<long>("seq_id").AsPrimaryKey();
        chain.AddColumn<Guid>("event_id").NotNull();
        chain.AddColumn<string>("event_type").NotNull();
        chain.AddColumn("hash", "bytea").NotNull();
        yield return chain;

        var checkpoints = new Table(new PostgresqlObjectName(schema, CheckpointTable, SchemaUtils.IdentifierUsage.General));
        checkpoints.AddColumn<long>("seq_id").AsPrimaryKey();
        checkpoints.AddColumn("hash", "bytea").NotNull();
        checkpoints.AddColumn<long>("events").NotNull();
        checkpoints.AddColumn("recorded_at", "timestamptz").NotNull();
        yield return checkpoints;
    }

    /// <summary>
    /// Chains every event up to the safe head not chained yet. One connection holds the advisory lock and reads the log
    /// once, in sequence order; another writes the chain rows with binary COPY in batches of <see cref="BatchSize"/>, each
    /// committed with a checkpoint row, so that an interrupted extension keeps what it did and the next one goes on from there.
    /// </summary>
    public async Task<HashChainExtension> ExtendAsync(CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        await using var reading = await database.OpenConnectionAsync(ct);
        await using var lease = await reading.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({LockKey})", reading, lease))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        var (last, hash, count) = await LastAsync(reading, lease, ct);
        await using var writing = await database.OpenConnectionAsync(ct);
        var rows = new List<(long Sequence, Guid Id, string Type, byte[] Hash)>(BatchSize);
        long added = 0;
        await using (var read = new NpgsqlCommand($"""
            select {EventColumns} from {_schema}.mt_events where seq_id > $1 and seq_id <= $2 order by seq_id
            """, reading, lease))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = last });
            read.Parameters.Add(new NpgsqlParameter { Value = head });
            read.CommandTimeout = 0;
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                hash = Link(hash, reader);
                rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(4), hash));
                if (rows.Count == BatchSize)
                {
                    count = await WriteAsync(writing, rows, count, ct);
                    added += rows.Count;
                    last = rows[^1].Sequence;
                    rows.Clear();
                }
            }
        }
        if (rows.Count > 0)
        {
            count = await WriteAsync(writing, rows, count, ct);
            added += rows.Count;
            last = rows[^1].Sequence;
        }
        await lease.CommitAsync(ct);
        return new HashChainExtension(added, last, Convert.ToHexStringLower(hash));
    }

    private async Task<long> WriteAsync(NpgsqlConnection connection, List<(long Sequence, Guid Id, string Type, byte[] Hash)> rows, long count,
        CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"copy {_schema}.{ChainTable} (seq_id, event_id, event_type, hash) from stdin (format binary)", ct))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(row.Type, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.Hash, NpgsqlDbType.Bytea, ct);
            }
            await copy.CompleteAsync(ct);
        }
        count += rows.Count;
        // One checkpoint per batch: the heads an operator copies off-site (./emis audit chain prints the last).
        await using (var checkpoint = new NpgsqlCommand(
            $"insert into {_schema}.{CheckpointTable} (seq_id, hash, events, recorded_at) values ($1, $2, $3, now())", connection, transaction))
        {
            checkpoint.Parameters.Add(new NpgsqlParameter { Value = rows[^1].Sequence });
            checkpoint.Parameters.Add(new NpgsqlParameter { Value = rows[^1].Hash });
            checkpoint.Parameters.Add(new NpgsqlParameter { Value = count });
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// Recomputes the chain from the log, event by event in sequence order, and compares it with the stored chain and
    /// checkpoints. Returns the first event that does not match, or OK with the number of events checked. Streams the log
    /// with one reader, so memory stays flat however long it is.
    /// </summary>
    public async Task<HashChainVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        // One snapshot for the chain, its checkpoints and the log.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var (head, _, _) = await LastAsync(connection, transaction, ct);
        var checkpoints = new Dictionary<long, byte[]>();
        await using (var read = new NpgsqlCommand(
            $"select seq_id, hash from {_schema}.{CheckpointTable} where seq_id <= $1", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = head });
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) checkpoints[reader.GetInt64(0)] = (byte[])reader[1];
        }

        // Chained events missing from the log: an anti-join on the keys alone, so the main pass below can walk the log in
        // its own index order (a full join would have to sort the whole log, data included).
        ChainBreak? deleted = null;
        await using (var missing = new NpgsqlCommand($"""
            select c.seq_id, c.event_id, c.event_type from {_schema}.{ChainTable} c
            where c.seq_id <= $1 and not exists (select 1 from {_schema}.mt_events e where e.seq_id = c.seq_id)
            order by c.seq_id limit 1
            """, connection, transaction))
        {
            missing.CommandTimeout = 0; // a whole log's keys: never cut short by the default 30 s
            missing.Parameters.Add(new NpgsqlParameter { Value = head });
            await using var reader = await missing.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                deleted = new ChainBreak(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), ChainBreakKind.Deleted);
            }
        }

        var hash = Genesis;
        long checkedEvents = 0;
        await using var command = new NpgsqlCommand($"""
            select {EventColumns.Replace("seq_id,", "e.seq_id,", StringComparison.Ordinal)}, c.seq_id, c.event_id, c.event_type, c.hash
            from {_schema}.mt_events e
            left join {_schema}.{ChainTable} c on c.seq_id = e.seq_id
            where e.seq_id < $1
            order by e.seq_id
            """, connection, transaction);
        command.CommandTimeout = 0;
        // Up to the first deleted event: past it every recomputed hash would differ anyway.
        command.Parameters.Add(new NpgsqlParameter { Value = deleted is null ? head + 1 : deleted.Sequence });
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(EventColumnCount))
                {
                    // Marten fills the numbers of a failed append with empty "tombstone" events, written after the fact:
                    // one may land below the chained head. It carries nothing, so it is passed over, never chained.
                    if (reader.GetString(4) == MartenTombstone) continue;
                    return new(checkedEvents, head, Convert.ToHexStringLower(hash),
                        new ChainBreak(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(4), ChainBreakKind.Inserted));
                }
                var sequence = reader.GetInt64(EventColumnCount);
                var chainedId = reader.GetGuid(EventColumnCount + 1);
                var chainedType = reader.GetString(EventColumnCount + 2);
                hash = Link(hash, reader);
                var stored = (byte[])reader[EventColumnCount + 3];
                if (reader.GetGuid(1) != chainedId || !CryptographicOperations.FixedTimeEquals(hash, stored))
                {
                    return new(checkedEvents, head, Convert.ToHexStringLower(hash), new ChainBreak(
                        sequence, chainedId, chainedType, ChainBreakKind.Altered));
                }
                if (checkpoints.TryGetValue(sequence, out var recorded) && !CryptographicOperations.FixedTimeEquals(hash, recorded))
                {
                    return new(checkedEvents, head, Convert.ToHexStringLower(hash), new ChainBreak(
                        sequence, chainedId, chainedType, ChainBreakKind.CheckpointMismatch));
                }
                checkedEvents++;
            }
        }
        if (deleted is not null) return new(checkedEvents, head, Convert.ToHexStringLower(hash), deleted);
        return new HashChainVerification(checkedEvents, head, Convert.ToHexStringLower(hash), null);
    }

    /// <summary>The columns the canonical form is made of, in its order (seq_id first, type fifth).</summary>
    private const string EventColumns =
        "seq_id, id, stream_id, version, type, tenant_id, timestamp, data::text, headers::text, correlation_id, causation_id";

    private const int EventColumnCount = 11;

    private const string MartenTombstone = "tombstone";

    private async Task<(long Sequence, byte[] Hash, long Count)> LastAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select c.seq_id, c.hash, coalesce((select k.events from {_schema}.{CheckpointTable} k where k.seq_id = c.seq_id),
                                              (select count(*) from {_schema}.{ChainTable}))
            from {_schema}.{ChainTable} c order by c.seq_id desc limit 1
            """,
            connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1], reader.GetInt64(2)) : (0, Genesis, 0);
    }

    /// <summary>h(n) = SHA-256(h(n-1) ‖ canonical(event n)): every field length-prefixed, so no two events encode alike.</summary>
    private static byte[] Link(byte[] previous, NpgsqlDataReader reader)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        sha.AppendData(previous);
        BinaryPrimitives.WriteInt64BigEndian(number, reader.GetInt64(0));
        sha.AppendData(number);
        Span<byte> id = stackalloc byte[16];
        reader.GetGuid(1).TryWriteBytes(id, bigEndian: true, out _);
        sha.AppendData(id);
        (reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2)).TryWriteBytes(id, bigEndian: true, out _);
        sha.AppendData(id);
        BinaryPrimitives.WriteInt64BigEndian(number, reader.GetInt64(3));
        sha.AppendData(number);
        Text(sha, reader, 4);
        Text(sha, reader, 5);
        // Microseconds since the epoch: PostgreSQL's own precision, independent of time zones and formatting.
        BinaryPrimitives.WriteInt64BigEndian(number, (reader.GetDateTime(6).Ticks - DateTime.UnixEpoch.Ticks) / 10);
        sha.AppendData(number);
        for (var i = 7; i < EventColumnCount; i++) Text(sha, reader, i);
        return sha.GetHashAndReset();
    }

    private static void Text(IncrementalHash sha, NpgsqlDataReader reader, int ordinal)
    {
        Span<byte> length = stackalloc byte[4];
        if (reader.IsDBNull(ordinal))
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            sha.AppendData(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(reader.GetString(ordinal));
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
