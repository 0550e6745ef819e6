using System.Globalization;
using System.Text.Json.Nodes;

namespace Emis.Features.Partners.Feed;

/// <summary>
/// The envelopes a partner may read events in. Version 1 (the default, unchanged for existing readers) has a relative
/// <c>dataschema</c> and a numeric <c>sequence</c>, which the CloudEvents SDKs refuse. Version 2 is CloudEvents-valid: an
/// absolute <c>dataschema</c> under the configured public base URL (<c>Emis:Partners:PublicBaseUrl</c>), and the
/// Sequence extension's <c>sequence</c> as a string — the event log's number zero-padded to 20 digits, so that it sorts
/// as text exactly as the number does (parse it as a number to resume with <c>after</c>).
/// </summary>
public static class CloudEventEnvelope
{
    public const int V1 = 1;
    public const int V2 = 2;
    public const string PublicBaseUrlKey = "Emis:Partners:PublicBaseUrl";
    public const string DefaultPublicBaseUrl = "http://127.0.0.1:5080/";

    /// <summary>The sequence number as v2 writes it: 20 digits, zero-padded.</summary>
    public static string Sequence(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Turns a v1 event (as <see cref="PublicEvents.ToCloudEvent"/> makes it) into v2, in place.</summary>
    public static JsonObject ToV2(JsonObject cloudEvent, Uri publicBase)
    {
        if (cloudEvent["dataschema"]?.GetValue<string>() is { } schema)
        {
            cloudEvent["dataschema"] = new Uri(publicBase, schema.TrimStart('/')).ToString();
        }
        if (cloudEvent["sequence"] is JsonValue number && number.TryGetValue<long>(out var sequence))
        {
            cloudEvent["sequence"] = Sequence(sequence);
        }
        return cloudEvent;
    }

    /// <summary>The configured public base URL, ending with a slash.</summary>
    public static Uri PublicBase(string? configured)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? DefaultPublicBaseUrl : configured.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }
}
