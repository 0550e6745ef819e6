using System.Text.Json;

namespace Emis.Platform.EventLog;

public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string Jurisdiction,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyDictionary<string, string> Headers,
    string Data)
{
    public string? Actor => Headers.GetValueOrDefault(Events.EventHeaders.Actor);
    public string? Source => Headers.GetValueOrDefault(Events.EventHeaders.Source);
    public string? Reason => Headers.GetValueOrDefault(Events.EventHeaders.Reason);

    /// <summary>The data as a JSON element (parsed on each call).</summary>
    public JsonElement DataElement()
    {
        using var document = JsonDocument.Parse(Data);
        return document.RootElement.Clone();
    }

    /// <summary>Never event data in a log line.</summary>
    public override string ToString() => $"StoredEvent {{ Sequence = {Sequence}, Type = {Type}, StreamId = {StreamId} }}";
}
