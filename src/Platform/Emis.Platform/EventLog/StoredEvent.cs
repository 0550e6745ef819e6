using System.Text.Json;

namespace Emis.Platform.EventLog;

/// <summary>
/// One event as the log holds it: its global sequence number, its stream and version, its stored type name
/// (<c>enrollment.learner_enrolled</c>), the jurisdiction (tenant), its data as stored (JSON) and its metadata.
/// </summary>
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

/// <summary>Which events to read. Every read is bounded to one jurisdiction.</summary>
/// <param name="Jurisdiction">The tenant; events of other jurisdictions are never returned.</param>
/// <param name="After">Only events with a greater sequence number.</param>
/// <param name="Limit">At most this many events (1..10,000).</param>
/// <param name="Types">Only these stored type names (empty: all).</param>
/// <param name="StreamIds">Only these streams (empty: all).</param>
/// <param name="Actor">Only events whose actor header is this.</param>
/// <param name="From">Only events stamped at or after this instant.</param>
/// <param name="To">Only events stamped before this instant.</param>
/// <param name="UpTo">Only events with a sequence number at or below this (null: up to the safe head).</param>
/// <param name="Descending">Newest first (then <paramref name="After"/> means "before").</param>
/// <param name="Settled">
/// Read only up to the safe head (the default, for every reader that resumes by sequence). One stream's own history
/// may read everything visible: appends to one stream are serialised by its version, so no earlier event of that
/// stream can still commit.
/// </param>
public sealed record EventLogQuery(
    string Jurisdiction,
    long After = 0,
    int Limit = 1000,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<Guid>? StreamIds = null,
    string? Actor = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? UpTo = null,
    bool Descending = false,
    bool Settled = true);
