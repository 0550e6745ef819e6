using System.Text.Json.Nodes;

namespace Emis.Features.Partners.Feed;

public sealed record FeedPage(IReadOnlyList<(long Sequence, JsonObject CloudEvent)> Events, long LastSequence, long NextAfter, long SafeHead);
