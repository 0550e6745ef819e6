using System.Text.Json;
using Emis.Platform.Events;
using Marten;
using NpgsqlTypes;

namespace Emis.Platform.ReadModels;

/// <summary>
/// A Marten document kept by a single-stream projection, rebuilt without Marten's projection daemon: the events are
/// read once in sequence order (one streaming query, not a query per stream), folded in memory with the projection's
/// own <c>Create</c>/<c>Apply</c> methods (Marten's aggregator for the document type, as live aggregation uses it), and
/// the documents written
/// by binary <c>COPY</c> as Marten stores them (tenant, id, JSON, version, .NET type and the duplicated columns).
/// </summary>
public sealed class DocumentReadModel<T>(
    IDocumentStore store,
    string name,
    string description,
    IReadOnlyList<Type> eventTypes,
    Func<T, Guid> id,
    Func<T, long> version,
    IReadOnlyList<(string Column, NpgsqlDbType Type, Func<T, object?> Value)> duplicated,
    IReadOnlyList<string>? personalColumns = null) : IReadModel where T : class
{
    private readonly Dictionary<string, Type> _types = eventTypes.ToDictionary(t => EventGraph(store).EventMappingFor(t).EventTypeName);

    public string Name => name;
    public string Description => description;
    public IReadOnlyList<string> EventTypes => [.. _types.Keys];

    /// <summary>Marten's table for a top-level document type.</summary>
    public static string TableName => DocumentCopy.TableName<T>();

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new ReadModelTable(TableName, ["tenant_id", "id"], ["data", "mt_version", .. duplicated.Select(d => d.Column)], Personal: personalColumns),
    ];

    private static Marten.Events.EventGraph EventGraph(IDocumentStore store) => (Marten.Events.EventGraph)((StoreOptions)store.Options).Events;

    public async Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct)
    {
        var events = EventGraph(store);
        var serializer = store.Options.Serializer();
        var aggregator = ((StoreOptions)store.Options).Projections.AggregatorFor<T>();
        await using var session = store.QuerySession();
        var documents = new Dictionary<(string Tenant, Guid Stream), T>();
        long read = 0;
        await using (var command = rebuild.Command($"""
            select tenant_id, stream_id, version, seq_id, id, type, timestamp, headers, data
            from {rebuild.EventSchema}.mt_events where type = any($1) and seq_id <= $2 order by seq_id
            """, _types.Keys.ToArray(), rebuild.UpTo))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var tenant = reader.GetString(0);
                var stream = reader.GetGuid(1);
                var number = reader.GetInt64(2);
                var sequence = reader.GetInt64(3);
                var eventId = reader.GetGuid(4);
                var type = _types[reader.GetString(5)];
                var timestamp = new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero);
                var headers = reader.IsDBNull(7) ? null : Headers(reader.GetString(7));
                var data = serializer.FromJson(type, reader, 8);

                var e = events.BuildEvent(data);
                e.TenantId = tenant;
                e.StreamId = stream;
                e.Version = number;
                e.Sequence = sequence;
                e.Id = eventId;
                e.Timestamp = timestamp;
                e.Headers = headers;

                var key = (tenant, stream);
                documents.TryGetValue(key, out var before);
                var after = await aggregator.BuildAsync([e], session, before, ct);
                if (after is not null) documents[key] = after;
                else if (before is not null) documents.Remove(key);
                if (++read % 10_000 == 0) rebuild.Report(read);
            }
        }
        rebuild.Report(read);

        await DocumentCopy.WriteAsync(rebuild.Connection, store, rebuild.TargetSchema, documents.Select(d => (d.Key.Tenant, d.Value)),
            id, version, duplicated, DateTimeOffset.UtcNow, ct);
        return read;
    }

    private static Dictionary<string, object> Headers(string json)
    {
        var headers = new Dictionary<string, object>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String) headers[property.Name] = property.Value.GetString()!;
        }
        return headers;
    }
}
