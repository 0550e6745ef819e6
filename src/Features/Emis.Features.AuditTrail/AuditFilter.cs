namespace Emis.Features.AuditTrail;

public sealed record AuditFilter(
    IReadOnlyList<string>? Types = null,
    Guid? StreamId = null,
    string? Actor = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
