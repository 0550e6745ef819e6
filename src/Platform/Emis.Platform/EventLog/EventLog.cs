using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;

namespace Emis.Platform.EventLog;

/// <summary>
/// Reads the event log (Marten's <c>mt_events</c>) in sequence order, one jurisdiction at a time, never past the
/// <see cref="SafeHead"/>: what a reader has been given once can only be followed by events with greater numbers.
/// The analysts' audit trail, the partner feed, webhooks, exports and checkpoints all read through here.
/// </summary>
public sealed class EventLog
{
    private readonly NpgsqlDataSource _database;
    private readonly SafeHead _head;

    public EventLog(NpgsqlDataSource database, IDocumentStore store)
    {
        _database = database;
        Schema = store.Options.DatabaseSchemaName;
        _head = new SafeHead(database, Schema);
    }

    public string Schema { get; }

    /// <summary>The highest sequence number below which nothing can still appear (see <see cref="SafeHead"/>).</summary>
    public Task<long> SafeHeadAsync(CancellationToken ct) => _head.GetAsync(ct);

    /// <summary>Events matching the query, in sequence order (or newest first), up to the safe head or <c>UpTo</c>.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(EventLogQuery query, CancellationToken ct)
    {
        var upTo = query.Settled || query.StreamIds is not { Count: 1 } ? await SafeHeadAsync(ct) : long.MaxValue;
        if (query.UpTo is { } limit && limit < upTo) upTo = limit;
        await using var command = _database.CreateCommand();
        var sql = new StringBuilder($"""
            select seq_id, id, stream_id, version, type, timestamp, tenant_id, correlation_id, causation_id, headers, data
            from {Schema}.mt_events where tenant_id = ${Add(command, query.Jurisdiction)}
            """);
        sql.Append(query.Descending
            ? (query.After > 0 ? $" and seq_id < ${Add(command, query.After)}" : "")
            : $" and seq_id > ${Add(command, query.After)}");
        sql.Append($" and seq_id <= ${Add(command, upTo)}");
        if (query.Types is { Count: > 0 } types) sql.Append($" and type = any(${Add(command, types.ToArray())})");
        if (query.StreamIds is { Count: > 0 } streams) sql.Append($" and stream_id = any(${Add(command, streams.ToArray())})");
        if (query.Actor is { } actor) sql.Append($" and headers ->> 'actor' = ${Add(command, actor)}");
        if (query.From is { } from) sql.Append($" and timestamp >= ${Add(command, from.ToUniversalTime())}");
        if (query.To is { } to) sql.Append($" and timestamp < ${Add(command, to.ToUniversalTime())}");
        sql.Append(query.Descending ? " order by seq_id desc" : " order by seq_id");
        sql.Append($" limit {Math.Clamp(query.Limit, 1, 10_000)}");
        command.CommandText = sql.ToString();

        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(Read(reader));
        return events;
    }

    /// <summary>The greatest sequence number visible to this jurisdiction now (0 when it has no events).</summary>
    public async Task<long> LastSequenceAsync(string jurisdiction, CancellationToken ct)
    {
        await using var command = _database.CreateCommand($"select coalesce(max(seq_id), 0) from {Schema}.mt_events where tenant_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    internal static StoredEvent Read(NpgsqlDataReader reader)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.IsDBNull(9))
        {
            using var json = JsonDocument.Parse(reader.GetString(9));
            // Events appended outside a command (a raw session, a bulk load) store JSON null: no headers.
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String) headers[property.Name] = property.Value.GetString()!;
                }
            }
        }
        return new StoredEvent(
            reader.GetInt64(0),
            reader.GetGuid(1),
            reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2),
            reader.GetInt64(3),
            reader.GetString(4),
            new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
            reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            headers,
            reader.GetString(10));
    }

    private static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }
}

/// <summary>
/// Wakes readers that follow the log live (the events subscription, webhook delivery) when the safe head moves. One
/// loop per process polls the head (every 100 ms while someone waits), so a thousand waiting subscribers cost one
/// query, not a thousand.
/// </summary>
public sealed class EventLogPulse(EventLog log) : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;
    private Task? _loop;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The current safe head.</summary>
    public Task<long> HeadAsync(CancellationToken ct) => log.SafeHeadAsync(ct);

    /// <summary>Returns the safe head as soon as it is greater than <paramref name="sequence"/>.</summary>
    public async Task<long> WaitBeyondAsync(long sequence, CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        if (head > sequence) return head;
        lock (_gate)
        {
            _waiters++;
            _loop ??= Task.Run(LoopAsync);
        }
        try
        {
            while (true)
            {
                Task<long> next;
                lock (_gate) next = _next.Task;
                // Every tick completes the task, changed or not: a waiter never misses a move that happened between
                // its own read and its wait.
                head = await next.WaitAsync(ct);
                if (head > sequence) return head;
            }
        }
        finally
        {
            lock (_gate) _waiters--;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_waiters == 0)
                {
                    _loop = null;
                    return;
                }
            }
            try
            {
                var head = await log.SafeHeadAsync(_stop.Token);
                TaskCompletionSource<long> done;
                lock (_gate)
                {
                    done = _next;
                    _next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                done.TrySetResult(head);
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                // The database is away for a moment: try again shortly; waiters keep waiting.
                try { await Task.Delay(1000, _stop.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}

/// <summary>
/// Readers go through the log one jurisdiction at a time in sequence order, and every statistics answer reads its
/// jurisdiction's greatest sequence number: an index on (tenant, sequence) keeps each
/// page a short range scan however many jurisdictions share the database. Created at start-up, after Marten's own
/// schema, if missing (never lazily on a read: building it waits for every open append).
/// </summary>
public sealed class EventLogIndex(NpgsqlDataSource database, IDocumentStore store) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = database.CreateCommand(
                $"create index if not exists ix_mt_events_tenant_seq on {store.Options.DatabaseSchemaName}.mt_events (tenant_id, seq_id)");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
