namespace Emis.Features.Partners.Feed;

public sealed record FeedPosition(int Count, long LastSequence, long NextAfter, long SafeHead);
