namespace Emis.Features.Partners.Feed;

/// <param name="Envelope">1 (default) or 2 (<see cref="CloudEventEnvelope"/>).</param>
/// <param name="PublicBase">Where v2's absolute <c>dataschema</c> points.</param>
public sealed record FeedRequest(string Jurisdiction, long After, IReadOnlyList<string> Types, int Limit, bool PersonalData,
    int Envelope = CloudEventEnvelope.V1, Uri? PublicBase = null);
