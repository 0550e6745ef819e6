namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>An import as a document: what was imported, from which file, and how far it got.</summary>
public sealed class LearnerImport
{
    public Guid Id { get; set; }
    public string FileName { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public string ContentSha256 { get; set; } = "";
    public string Status { get; set; } = ImportStatus.Running;
    public int Rows { get; set; }
    public ImportSummary Summary { get; set; } = new(0, 0, 0, 0);
    public string? Format { get; set; }
    public List<string> IgnoredColumns { get; set; } = [];
    public int BatchesWritten { get; set; }
    public string Actor { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The schools the rows were matched to (for scoping who may see the import).</summary>
    public List<string> SchoolCodes { get; set; } = [];
    public List<string> Municipalities { get; set; } = [];
}

public static class ImportStatus
{
    /// <summary>Being written, or interrupted: running the same file again resumes it.</summary>
    public const string Running = "RUNNING";

    public const string Completed = "COMPLETED";
}
