using System.Text.Json.Serialization;
using Emis.Platform.Imports;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>A staff import as a document: the platform's import record and the school year whose staff it lists.</summary>
public sealed class StaffImport : ImportDocument
{
    public string SchoolYear { get; set; } = "";
}

/// <summary>The report of a staff import (JSON, camelCase): every row of the file with its outcome.</summary>
public sealed record StaffImportReport(
    Guid ImportId,
    string File,
    string SchoolYear,
    string Status,
    int Rows,
    ImportSummary Summary,
    IReadOnlyList<StaffRowResult> Results)
{
    public string? Format { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}

public sealed record StaffRowResult(
    int Row,
    string Status,
    ReportedStaff? Staff,
    StaffDuplicateOf? DuplicateOf,
    IReadOnlyList<Correction> Corrections,
    IReadOnlyList<RowProblem> Errors)
{
    /// <summary>For a row held for review: the schools the reviewer may pick from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SchoolCandidate>? Candidates { get; init; }

    public override string ToString() => $"StaffRowResult {{ Row = {Row}, Status = {Status} }}";
}

/// <summary>The member of staff a row registered, joined or would register, as the file and cleaning left it.</summary>
public sealed record ReportedStaff(
    string? EduId,
    string? Username,
    string? FirstName,
    string? ParentName,
    string? LastName,
    string? BirthDate,
    string? Sex,
    string? SchoolCode,
    string? Role,
    string? ContractType,
    decimal? Fte,
    string? Level,
    int? QualificationLevel)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? StaffId { get; init; }

    public override string ToString() => "ReportedStaff { (withheld) }";
}

public sealed record StaffDuplicateOf(int? Row, string? EduId)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? StaffId { get; init; }
}
