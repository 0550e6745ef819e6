using System.Text.Json.Serialization;
using Emis.Platform.Imports;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>A device inventory import as a document: the platform's import record (a device inventory is not about a school year).</summary>
public sealed class DeviceImport : ImportDocument
{
    /// <summary>Describes the planned file: how it was read, the columns it ignored, its rows' statuses and schools.</summary>
    public void Planned(Sheet sheet, IReadOnlyList<string> ignoredColumns, IReadOnlyList<PlannedDevice> plan)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(plan);
        Rows = plan.Count;
        Format = sheet.Format;
        IgnoredColumns = [.. ignoredColumns];
        SchoolCodes = [.. plan.Where(p => p.School is not null).Select(p => p.School!.Code).Distinct().Order(StringComparer.Ordinal)];
        Municipalities = [.. plan.Where(p => p.School is not null).Select(p => p.School!.Municipality).Distinct().Order(StringComparer.Ordinal)];
        Summary = ImportSummary.Of(plan.Select(p => p.Status));
    }
}

/// <summary>The report of a device import (JSON, camelCase): every row of the file with its outcome.</summary>
public sealed record DeviceImportReport(Guid ImportId, string File, string Status, int Rows, ImportSummary Summary,
    IReadOnlyList<DeviceRowResult> Results)
{
    public string? Format { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}

/// <param name="Device">The device the row registered or would register, as cleaning left it.</param>
/// <param name="Other">For a duplicate or a serial number held for review: the device already registered (or the earlier row's).</param>
public sealed record DeviceRowResult(int Row, string Status, ReportedDevice Device, OtherDevice? Other, IReadOnlyList<Correction> Corrections,
    IReadOnlyList<RowProblem> Errors)
{
    /// <summary>For a row held for review: the schools the reviewer may pick from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SchoolCandidate>? Candidates { get; init; }

    /// <summary>For a row a reviewer decided (decideDeviceImportRow): who decided what, when, and why.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewDecision? Decision { get; init; }

    public override string ToString() => $"DeviceRowResult {{ Row = {Row}, Status = {Status} }}";
}

/// <summary>A reviewer's decision on a row held for review, as the report keeps it.</summary>
/// <param name="Decision">REGISTER or REJECT.</param>
/// <param name="Actor">Who decided (the caller's subject).</param>
public sealed record ReviewDecision(string Decision, string Actor, DateTimeOffset DecidedAt, string? Reason);

/// <summary>A device as a row gives it: its id once registered (derived from the serial number), and what the file said, cleaned.</summary>
public sealed record ReportedDevice(Guid? DeviceId, string? SerialNumber, string? Type, string? Make, string? Model, string? AcquiredOn,
    decimal? Cost, string? Currency, string? FundingSource, string? SchoolCode, string? Room, Guid? RoomId, string State);

/// <summary>The device a row's serial number belongs to already: in Emis, or registered (or held) by an earlier row of the file.</summary>
/// <param name="Row">The earlier row of this file, when it came from the file.</param>
public sealed record OtherDevice(Guid DeviceId, int? Row, string SerialNumber, string Type, string Make, string Model, string SchoolCode)
{
    public string Describe() => $"{Type.ToUpperInvariant()} {Make} {Model} at {SchoolCode} (device {DeviceId}" + (Row is { } r ? $", row {r})" : ")");
}
