using System.Text.Json.Nodes;

namespace Emis.Features.Partners.Feed;

public sealed record EventCatalogEntry(string Name, int Version, string Type, string Description, string DataSchema,
    IReadOnlyList<string> PersonalFields, JsonObject Schema)
{
    /// <summary>The key the shape snapshot holds it under: <c>name/v1</c>.</summary>
    public string Key => $"{Name}/v{Version}";
}
