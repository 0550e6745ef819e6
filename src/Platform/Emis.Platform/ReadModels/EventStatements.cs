using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Emis.Platform.ReadModels;

/// <summary>
/// The SQL statements that keep a module's plain tables in step with one event (none for events it ignores). The same
/// statements run inline (<see cref="EventStatementsProjection"/>) and in a rebuild (<see cref="EventStatementReplay"/>), so
/// both write the same rows. Placeholders are <c>?</c>, in order.
/// </summary>
public interface IEventStatements
{
    IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data);
}

/// <summary>Runs a module's <see cref="IEventStatements"/> inline, in the transaction that appends the events.</summary>
public sealed class EventStatementsProjection(IEventStatements statements) : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            foreach (var (sql, args) in statements.For(e.TenantId, e.StreamId, e.Id, e.Data)) operations.QueueSqlCommand(sql, args);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Rebuilds a read model kept by <see cref="IEventStatements"/>: its events in sequence order, each through the same statements.</summary>
public static class EventStatementReplay
{
    /// <param name="largeEvents">
    /// Read each event's data only when it is applied (events carrying thousands of rows), instead of all of them first.
    /// </param>
    public static async Task<long> ReplayAsync(ReadModelRebuild rebuild, IDocumentStore store, IReadOnlyDictionary<string, Type> types,
        IEventStatements statements, bool largeEvents, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rebuild);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(statements);
        var serializer = store.Options.Serializer();
        var events = new List<(string Tenant, Guid Stream, Guid Id, string Type, object? Data)>();
        await using (var command = rebuild.Command($"""
            select tenant_id, stream_id, id, type{(largeEvents ? "" : ", data")} from {rebuild.EventSchema}.mt_events
            where type = any($1) and seq_id <= $2 order by seq_id
            """, types.Keys.ToArray(), rebuild.UpTo))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var type = reader.GetString(3);
                events.Add((reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2), type,
                    largeEvents ? null : serializer.FromJson(types[type], reader, 4)));
            }
        }
        long read = 0;
        foreach (var (tenant, stream, id, type, loaded) in events)
        {
            var data = loaded;
            if (data is null)
            {
                await using var command = rebuild.Command(
                    $"select data from {rebuild.EventSchema}.mt_events where tenant_id = $1 and stream_id = $2 and id = $3", tenant, stream, id);
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                data = serializer.FromJson(types[type], reader, 0);
            }
            foreach (var (sql, args) in statements.For(tenant, stream, id, data))
            {
                await using var command = rebuild.Command(Positional(sql), [.. args.Select(a => a ?? DBNull.Value)]);
                await command.ExecuteNonQueryAsync(ct);
            }
            if (++read % 100 == 0) rebuild.Report(read);
        }
        rebuild.Report(read);
        return read;
    }

    /// <summary>Marten's <c>?</c> placeholders as Npgsql's <c>$1, $2, …</c> (the statements hold no other question mark).</summary>
    public static string Positional(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = new StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
        {
            if (c == '?') result.Append('$').Append(++n);
            else result.Append(c);
        }
        return result.ToString();
    }
}
