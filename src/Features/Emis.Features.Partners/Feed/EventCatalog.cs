using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Emis.Platform.EventLog;

namespace Emis.Features.Partners.Feed;

public sealed class EventCatalog
{
    public const string Path = "/events/catalog";
    public const string PersonalDataKeyword = "x-personal-data";

    private readonly Dictionary<string, EventCatalogEntry> _byKey;

    public EventCatalog(PublicEvents events)
    {
        Entries = [.. events.Catalogue.Select(Describe)];
        _byKey = Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<EventCatalogEntry> Entries { get; }

    public EventCatalogEntry? Find(string name, int version) => _byKey.GetValueOrDefault($"{name}/v{version}");

    /// <summary>The whole catalogue as served at <see cref="Path"/>.</summary>
    public JsonObject Document() => new()
    {
        ["specversion"] = "1.0",
        ["format"] = "CloudEvents 1.0, structured JSON mode. The pull feed (GET /api/events) sends one event per line (application/x-ndjson); " +
                     "webhooks POST one event per request (application/cloudevents+json); the GraphQL subscription `events` sends the same " +
                     "content field by field. Each channel sends envelope 1 unless envelope 2 is chosen (see envelopes).",
        ["versioning"] = "A published (name, version) never changes shape. A new shape is a new version, published beside the old one; " +
                         "consumers select by the CloudEvents type, which carries the version.",
        ["envelope"] = Envelope(),
        ["envelopeV2"] = Envelope(CloudEventEnvelope.V2),
        ["envelopes"] = Envelopes(),
        ["events"] = new JsonArray([.. Entries.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name,
            ["version"] = e.Version,
            ["type"] = e.Type,
            ["description"] = e.Description,
            ["dataschema"] = e.DataSchema,
            ["personalFields"] = new JsonArray([.. e.PersonalFields.Select(f => (JsonNode)f)]),
            ["schema"] = e.Schema.DeepClone(),
        })]),
    };

    /// <summary>
    /// The envelope versions, how a partner chooses one on each channel, and the rule they follow. Envelope versions are
    /// independent of event versions: the envelope is how an event travels, the event's version is the shape of its data.
    /// </summary>
    public static JsonObject Envelopes() => new()
    {
        ["default"] = CloudEventEnvelope.V1,
        ["versioning"] = "An envelope version, once published, never changes. A new envelope is opt-in, per request or per webhook; " +
                         "the default stays 1 so that no existing reader breaks, and envelope 1 is served for as long as partners use it. " +
                         "Event ids, types, data and order are the same in every envelope: only attributes' encodings differ.",
        ["versions"] = new JsonArray(
            new JsonObject
            {
                ["version"] = CloudEventEnvelope.V1,
                ["schema"] = "envelope",
                ["description"] = "The first envelope: dataschema is a path relative to the Emis host (/events/catalog/{name}/v{version}) " +
                                  "and sequence a JSON number. CloudEvents SDKs refuse it (CloudEvents 1.0 wants an absolute dataschema " +
                                  "and extension values that are strings, numbers within 32 bits, booleans, URIs or timestamps).",
            },
            new JsonObject
            {
                ["version"] = CloudEventEnvelope.V2,
                ["schema"] = "envelopeV2",
                ["description"] = "CloudEvents-valid: dataschema is an absolute URL under the deployment's public base URL " +
                                  $"({CloudEventEnvelope.PublicBaseUrlKey}), and sequence is a string of 20 digits, zero-padded, " +
                                  "that sorts as text as the number does (parse it as a number to resume).",
            }),
        ["choose"] = new JsonObject
        {
            ["feed"] = "GET /api/events?envelope=2",
            ["webhooks"] = "registerWebhook(input: { ..., envelope: 2 }), or setWebhookEnvelope(input: { id, envelope: 2 }) for an existing " +
                           "webhook, from the next event sent. Existing webhooks keep envelope 1 until switched.",
            ["subscription"] = "events(fromSequence: ..., envelope: 2): dataschema is absolute and the cloudEvent field holds the whole " +
                               "CloudEvent in envelope 2; the sequence field stays a Long.",
        },
    };

    /// <summary>The JSON Schema of the CloudEvents envelope events travel in: version 1 (the default) or 2.</summary>
    public static JsonObject Envelope(int version = CloudEventEnvelope.V1)
    {
        var v2 = version == CloudEventEnvelope.V2;
        static JsonObject Attribute(string type, string description, string? format = null)
        {
            var schema = new JsonObject { ["type"] = type, ["description"] = description };
            if (format is not null) schema["format"] = format;
            return schema;
        }
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = v2
                ? "Emis public event, envelope 2 (CloudEvents 1.0, structured JSON)"
                : "Emis public event (CloudEvents 1.0, structured JSON)",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["specversion"] = Attribute("string", "Always \"1.0\"."),
                ["id"] = Attribute(
                    "string", "The event's unique id (a UUID); the same event always has the same id, so a consumer can de-duplicate on it.", "uuid"),
                ["source"] = Attribute("string", "/emis/{jurisdiction}: the Emis jurisdiction (ministry) the event belongs to."),
                ["type"] = Attribute("string", "emis.{name}.v{version}, e.g. emis.enrollment.learner_enrolled.v1; see the catalogue's events."),
                ["subject"] = Attribute("string", "The id of the thing the event is about (a learner, a school, a class day, a person).", "uuid"),
                ["time"] = Attribute("string", "When the event was recorded (UTC, RFC 3339, microseconds).", "date-time"),
                ["datacontenttype"] = Attribute("string", "Always application/json."),
                ["dataschema"] = v2
                    ? Attribute("string", "Absolute URL of the data's JSON Schema in this catalogue: {public base URL}events/catalog/" +
                        "{name}/v{version}, the base configured as " + CloudEventEnvelope.PublicBaseUrlKey + ".", "uri")
                    : Attribute("string", "Path of the data's JSON Schema in this catalogue: /events/catalog/{name}/v{version}.", "uri-reference"),
                ["sequence"] = v2
                    ? new JsonObject
                    {
                        ["type"] = "string",
                        ["pattern"] = "^[0-9]{20}$",
                        ["description"] = "Extension (CloudEvents Sequence): the event's position in the jurisdiction's log, 20 digits zero-padded " +
                                          "so that text order is log order. Strictly increasing in delivery order (not contiguous). Resume " +
                                          "with the last one received, as a number: GET /api/events?after={sequence}&envelope=2.",
                    }
                    : Attribute("integer",
                    "Extension: the event's position in the jurisdiction's log. Strictly increasing in delivery order (not contiguous: other " +
                    "jurisdictions and internal events take numbers too). Resume with the last one received: GET /api/events?after={sequence}."),
                ["change"] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = new JsonArray("created", "updated", "deleted", "corrected"),
                    ["description"] = "Extension: what the event does to its subject. created/updated: a new thing or a new state; deleted: the " +
                                      "subject (or the part the event names, such as an enrolment) ended; corrected: an earlier fact was wrong and " +
                                      "is replaced (the data says what it was and what it is now). Events are never withdrawn: a correction is a " +
                                      "new event.",
                },
                ["jurisdiction"] = Attribute("string", "Extension: the jurisdiction's id (the same as in source)."),
                ["data"] = Attribute(
                    "object", "The event's data, as the type's schema describes. Fields marked x-personal-data are present only for callers " +
                    "granted personal-data."),
            },
            ["required"] = new JsonArray("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "sequence",
                "change", "jurisdiction", "data"),
        };
    }

    private static EventCatalogEntry Describe(PublicEventMapping mapping)
    {
        var contract = mapping.Contract;
        var personal = PersonalFields.Of(mapping.PayloadType).Keys
            .Select(JsonNamingPolicy.CamelCase.ConvertName).Order(StringComparer.Ordinal).ToList();
        return new EventCatalogEntry(contract.Name, contract.Version, contract.CloudEventType, contract.Description,
            $"{Path}/{contract.Name}/v{contract.Version}", personal, SchemaOf(mapping.PayloadType, contract));
    }

    // The options events are written with, plus what the exporter needs: an explicit resolver, and nullability and
    // constructor parameters honoured so that the schema says what is required and what may be null.
    private static readonly JsonSerializerOptions SchemaJson = new(PublicEvents.Json)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // The web defaults also read numbers from strings; events are written with plain numbers, and that is the contract.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>The JSON Schema of a public event's data.</summary>
    public static JsonObject SchemaOf(Type payload, PublicEventAttribute contract)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is not JsonObject schema) return node;
                if (context.PropertyInfo is { } property && IsPersonal(property)) schema[PersonalDataKeyword] = true;
                // Personal fields are left out for callers without the grant: they cannot be required.
                if (schema["properties"] is JsonObject properties && schema["required"] is JsonArray required)
                {
                    foreach (var (name, value) in properties)
                    {
                        if (value is JsonObject p && p[PersonalDataKeyword]?.GetValue<bool>() == true)
                        {
                            var index = required.Select(r => r?.GetValue<string>()).ToList().IndexOf(name);
                            if (index >= 0) required.RemoveAt(index);
                        }
                    }
                }
                return schema;
            },
        };
        var generated = JsonSchemaExporter.GetJsonSchemaAsNode(SchemaJson, payload, exporter).AsObject();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{Path}/{contract.Name}/v{contract.Version}",
            ["title"] = contract.CloudEventType,
        };
        foreach (var (key, value) in generated.ToList())
        {
            generated.Remove(key);
            root[key] = value;
        }
        return root;
    }

    private static bool IsPersonal(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(PersonalDataAttribute), inherit: true) == true
        || (property.DeclaringType is { } owner && PersonalFields.Of(owner).ContainsKey(property.Name));
}
