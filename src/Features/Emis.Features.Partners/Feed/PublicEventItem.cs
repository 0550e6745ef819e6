using System.Text.Json.Nodes;

namespace Emis.Features.Partners.Feed;

public sealed record PublicEventItem(long Sequence, JsonObject CloudEvent)
{
    public string Attribute(string name) => CloudEvent[name]?.GetValue<string>() ?? "";
}
