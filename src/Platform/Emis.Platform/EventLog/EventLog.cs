using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;

namespace Emis.Platform.EventLog;

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
