using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

public enum ExportFormat
{
    Ndjson,
    Csv,
}
