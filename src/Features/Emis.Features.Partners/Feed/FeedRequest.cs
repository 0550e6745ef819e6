namespace Emis.Features.Partners.Feed;

public sealed record FeedRequest(string Jurisdiction, long After, IReadOnlyList<string> Types, int Limit, bool PersonalData);
