using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

public sealed record EventExportRequest(
    string Jurisdiction,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ExportFormat Format,
    IReadOnlyList<string>? Types = null,
    bool PersonalData = false);
