using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Features.Partners;

/// <summary>
/// The public events of every module, read from the event log as CloudEvents (structured JSON) with the log's sequence
/// number as the <c>sequence</c> extension. Used by the pull feed, webhooks and the events subscription: one reading
/// for all of them, so they can never disagree.
/// </summary>
public sealed class PublicEvents
{
    private readonly EventLog _log;
    private readonly IDocumentStore _store;
    private readonly Dictionary<string, PublicEventMapping> _byStoredType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _storedTypesByPublic = new(StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public PublicEvents(EventLog log, IDocumentStore store, IEnumerable<PublicEventMap> maps)
    {
        _log = log;
        _store = store;
        var storedNames = EventTypes.Of(store).ToDictionary(p => p.Value, p => p.Key);
        foreach (var mapping in maps.SelectMany(m => m.Mappings))
        {
            var stored = storedNames.TryGetValue(mapping.DomainType, out var name)
                ? name
                : throw new InvalidOperationException(
                    $"{mapping.DomainType.Name} is mapped to a public event but is not an event type of the store.");
            _byStoredType.Add(stored, mapping);
            var type = mapping.Contract.CloudEventType;
            if (!_storedTypesByPublic.TryGetValue(type, out var list)) _storedTypesByPublic[type] = list = [];
            list.Add(stored);
        }
        Catalogue = [.. _byStoredType.Values.GroupBy(m => m.PayloadType).Select(g => g.First())
            .OrderBy(m => m.Contract.Name).ThenBy(m => m.Contract.Version)];
    }

    /// <summary>Every public event type, one entry per (name, version).</summary>
    public IReadOnlyList<PublicEventMapping> Catalogue { get; }

    /// <summary>The CloudEvents types a partner may ask for.</summary>
    public IEnumerable<string> CloudEventTypes => _storedTypesByPublic.Keys;

    /// <summary>Unknown CloudEvents types among <paramref name="types"/> (to refuse a request naming them).</summary>
    public IReadOnlyList<string> Unknown(IEnumerable<string> types) => [.. types.Where(t => !_storedTypesByPublic.ContainsKey(t))];

    /// <summary>
    /// Public events after <paramref name="after"/> in sequence order, as CloudEvents JSON objects, up to the safe head.
    /// Empty <paramref name="types"/> means every public type. Personal fields are left out unless
    /// <paramref name="personalData"/>.
    /// </summary>
    public async Task<IReadOnlyList<(long Sequence, JsonObject CloudEvent)>> ReadAsync(string jurisdiction, long after,
        IReadOnlyCollection<string>? types, int limit, bool personalData, CancellationToken ct)
    {
        var stored = types is { Count: > 0 }
            ? types.SelectMany(t => _storedTypesByPublic.GetValueOrDefault(t) ?? []).Distinct().ToList()
            : [.. _byStoredType.Keys];
        if (stored.Count == 0) return [];
        var events = await _log.ReadAsync(new EventLogQuery(jurisdiction, after, limit, stored), ct);
        var result = new List<(long, JsonObject)>(events.Count);
        foreach (var e in events) result.Add((e.Sequence, ToCloudEvent(e, personalData)));
        return result;
    }

    /// <summary>The public event a stored one becomes, or null when it has no public counterpart.</summary>
    public PublicEvent? Map(StoredEvent e)
    {
        if (!_byStoredType.TryGetValue(e.Type, out var mapping)) return null;
        var data = _store.Options.Serializer().FromJson(mapping.DomainType, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(e.Data)));
        return mapping.Map(data, e);
    }

    /// <summary>A stored event as a CloudEvent (structured mode), personal fields withheld unless allowed.</summary>
    public JsonObject ToCloudEvent(StoredEvent e, bool personalData)
    {
        var mapped = Map(e) ?? throw new InvalidOperationException($"Stored event type {e.Type} has no public event.");
        var data = JsonSerializer.SerializeToNode(mapped.Payload, mapped.PayloadType, Json)!.AsObject();
        if (!personalData)
        {
            foreach (var (field, _) in PersonalFields.Of(mapped.PayloadType))
            {
                var key = data.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase));
                if (key is not null) data.Remove(key);
            }
        }
        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = e.Id.ToString(),
            ["source"] = $"/emis/{e.Jurisdiction}",
            ["type"] = mapped.Contract.CloudEventType,
            ["subject"] = mapped.Subject.ToString(),
            ["time"] = e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["dataschema"] = $"/events/catalog/{mapped.Contract.Name}/v{mapped.Contract.Version}",
            ["sequence"] = e.Sequence,
            ["change"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(mapped.Change.ToString()),
            ["jurisdiction"] = e.Jurisdiction,
            ["data"] = data,
        };
    }
}
