using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Emis.Platform.EventLog;

namespace Emis.Features.Partners.Feed;

public sealed record EventCatalogEntry(string Name, int Version, string Type, string Description, string DataSchema,
    IReadOnlyList<string> PersonalFields, JsonObject Schema)
{
    /// <summary>The key the shape snapshot holds it under: <c>name/v1</c>.</summary>
    public string Key => $"{Name}/v{Version}";
}
