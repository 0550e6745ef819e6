namespace Emis.Features.AuditTrail;

public enum ExportFormat
{
    Ndjson,
    Csv,
}
