using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

public sealed class EventExport(EventLog log, AuditTrail trail)
{
    public const int PageSize = 5_000;

    public static readonly string[] CsvColumns =
        ["sequence", "id", "stream_id", "version", "type", "time", "jurisdiction", "actor", "reason", "source", "correlation_id", "causation_id",
            "data"];

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the events and returns how many were written.</summary>
    public async Task<long> WriteAsync(EventExportRequest request, TextWriter output, CancellationToken ct)
    {
        if (request.Format == ExportFormat.Csv) await output.WriteLineAsync(string.Join(',', CsvColumns));
        // The head is fixed at the start: an export describes one moment of the log, however long it takes.
        var head = await SettledHead.GetAsync(log, ct);
        long after = 0, written = 0;
        while (true)
        {
            var page = await log.ReadAsync(new EventLogQuery(request.Jurisdiction, after, PageSize, request.Types, From: request.From,
                To: request.To, UpTo: head), ct);
            foreach (var stored in page)
            {
                var e = await trail.ShowAsync(stored, request.PersonalData, ct);
                await output.WriteLineAsync(request.Format == ExportFormat.Csv ? CsvLine(e) : JsonLine(e));
                written++;
            }
            if (page.Count < PageSize) break;
            after = page[^1].Sequence;
        }
        await output.FlushAsync(ct);
        return written;
    }

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string JsonLine(AuditEvent e)
    {
        var line = new JsonObject
        {
            ["sequence"] = e.Sequence,
            ["id"] = e.Id.ToString(),
            ["streamId"] = e.StreamId.ToString(),
            ["version"] = e.Version,
            ["type"] = e.Type,
            ["time"] = Time(e.Time),
            ["jurisdiction"] = e.Jurisdiction,
            ["actor"] = e.Actor,
            ["reason"] = e.Reason,
            ["source"] = e.Source,
            ["correlationId"] = e.CorrelationId,
            ["causationId"] = e.CausationId,
            ["pseudonymised"] = e.Pseudonymised,
            ["data"] = JsonNode.Parse(e.Data),
        };
        return line.ToJsonString(Json);
    }

    private static string CsvLine(AuditEvent e) => string.Join(',', new[]
    {
        e.Sequence.ToString(CultureInfo.InvariantCulture), e.Id.ToString(), e.StreamId.ToString(), e.Version.ToString(CultureInfo.InvariantCulture),
        e.Type, Time(e.Time), e.Jurisdiction, e.Actor, e.Reason, e.Source, e.CorrelationId, e.CausationId, e.Data,
    }.Select(Csv));

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so that a spreadsheet never runs a cell as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value) quoted.Append(c == '"' ? "\"\"" : c);
        return quoted.Append('"').ToString();
    }
}
