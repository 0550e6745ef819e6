using Emis.Platform.Auth;

namespace Emis.Platform.Imports;

/// <summary>How many rows of an import ended in each status; every row is counted once.</summary>
public sealed record ImportSummary(int Imported, int Duplicate, int Review, int Rejected)
{
    /// <summary>The counts of a list of row statuses.</summary>
    public static ImportSummary Of(IEnumerable<string> statuses)
    {
        var list = statuses.ToList();
        return new ImportSummary(list.Count(s => s == RowStatus.Imported), list.Count(s => s == RowStatus.Duplicate),
            list.Count(s => s == RowStatus.Review), list.Count(s => s == RowStatus.Rejected));
    }

    /// <summary>The summary once a row marked duplicate went back to review (a duplicate join undone).</summary>
    public ImportSummary Reopened() => this with { Duplicate = Duplicate - 1, Review = Review + 1 };

    /// <summary>The summary once one row left review with <paramref name="status"/>.</summary>
    public ImportSummary Moved(string status) => status switch
    {
        RowStatus.Imported => this with { Review = Review - 1, Imported = Imported + 1 },
        RowStatus.Duplicate => this with { Review = Review - 1, Duplicate = Duplicate + 1 },
        RowStatus.Rejected => this with { Review = Review - 1, Rejected = Rejected + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A row leaves review imported, duplicate or rejected."),
    };
}

/// <summary>A school a reviewer may pick for a row, with how close its name is to what the file wrote.</summary>
public sealed record SchoolCandidate(string Code, string Name, double Confidence);

public static class ImportStatus
{
    /// <summary>Being written, or interrupted: running the same file again resumes it.</summary>
    public const string Running = "RUNNING";

    public const string Completed = "COMPLETED";

    /// <summary>The ministry asked to revert the import; its people are being reverted batch by batch (adr/0026).</summary>
    public const string Reverting = "REVERTING";

    /// <summary>Everything the import registered was reverted; importing the same file again changes nothing.</summary>
    public const string Reverted = "REVERTED";
}

/// <summary>Who reverted an import, why, and how far it got (adr/0026).</summary>
/// <param name="LastRow">The last row whose person has been reverted: the next batch starts after it.</param>
/// <param name="People">People reverted so far.</param>
public sealed record ImportRevert(string Actor, string Reason, DateTimeOffset RequestedAt, int LastRow = 0, int People = 0,
    DateTimeOffset? CompletedAt = null)
{
    /// <summary>The reason may name a person: never in a log line.</summary>
    public override string ToString() => $"ImportRevert {{ Actor = {Actor}, People = {People} }}";
}

/// <summary>
/// An import as a document: what was imported, from which file, and how far it got. Each importer stores its own
/// derived document (a learner import adds its school year), so that its imports are listed and scoped on their own.
/// </summary>
public abstract class ImportDocument
{
    public Guid Id { get; set; }
    public string FileName { get; set; } = "";
    public string ContentSha256 { get; set; } = "";
    public string Status { get; set; } = ImportStatus.Running;
    public int Rows { get; set; }
    public ImportSummary Summary { get; set; } = new(0, 0, 0, 0);
    public string? Format { get; set; }
    public List<string> IgnoredColumns { get; set; } = [];
    public int BatchesWritten { get; set; }

    /// <summary>Rows written so far (all of them once completed): the import's progress, derived, not stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int RowsWritten => Status != ImportStatus.Running ? Rows : Math.Min(Rows, BatchesWritten * ImportBatches.Rows);
    public string Actor { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The schools the rows were matched to (for scoping who may see the import).</summary>
    public List<string> SchoolCodes { get; set; } = [];
    public List<string> Municipalities { get; set; } = [];

    /// <summary>Set once the ministry asked to revert the import.</summary>
    public ImportRevert? Revert { get; set; }

    /// <summary>Whether the caller may see the import at all: they ran it, or some of its rows are in their scope.</summary>
    public bool VisibleTo(Caller caller) => caller.Role switch
    {
        Roles.MinistryAdmin => true,
        Roles.MunicipalityOfficer => Actor == caller.Subject || Municipalities.Contains(caller.Municipality ?? ""),
        Roles.SchoolAdmin => Actor == caller.Subject || SchoolCodes.Contains(caller.NormalisedSchoolCode ?? "", StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Describes the planned file: how it was read, the columns it ignored, its rows' statuses and schools.</summary>
    public void Planned<TDraft, TSchool>(Sheet sheet, IReadOnlyList<string> ignoredColumns, IReadOnlyList<PlannedRow<TDraft, TSchool>> plan)
        where TDraft : PersonDraft
        where TSchool : class, IImportSchool
    {
        Rows = plan.Count;
        Format = sheet.Format;
        IgnoredColumns = [.. ignoredColumns];
        SchoolCodes = [.. plan.Where(p => p.School is not null).Select(p => p.School!.Code).Distinct().Order(StringComparer.Ordinal)];
        Municipalities = [.. plan.Where(p => p.School is not null).Select(p => p.School!.Municipality).Distinct().Order(StringComparer.Ordinal)];
        Summary = ImportSummary.Of(plan.Select(p => p.Status));
    }

    /// <summary>Records a school a row was imported into after the import (a review decision), for scoping.</summary>
    public void Touch(string schoolCode, string municipality)
    {
        if (!SchoolCodes.Contains(schoolCode)) SchoolCodes = [.. SchoolCodes.Append(schoolCode).Order(StringComparer.Ordinal)];
        if (!Municipalities.Contains(municipality)) Municipalities = [.. Municipalities.Append(municipality).Order(StringComparer.Ordinal)];
    }
}
