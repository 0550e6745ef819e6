namespace Emis.Features.AuditTrail;

public sealed record EventExportRequest(
    string Jurisdiction,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ExportFormat Format,
    IReadOnlyList<string>? Types = null,
    bool PersonalData = false);
