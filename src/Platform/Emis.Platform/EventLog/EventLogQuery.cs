namespace Emis.Platform.EventLog;

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
