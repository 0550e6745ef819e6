using System.Text.Json.Serialization;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>The report of a learner import, in the shape issue 4 gives (JSON, camelCase).</summary>
public sealed record ImportReport(
    Guid ImportId,
    string File,
    string SchoolYear,
    string Status,
    int Rows,
    ImportSummary Summary,
    IReadOnlyList<RowResult> Results)
{
    /// <summary>How the file was read (format, encoding, separator) and the columns it ignored.</summary>
    public string? Format { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}

public sealed record ImportSummary(int Imported, int Duplicate, int Review, int Rejected);

public sealed record RowResult(
    int Row,
    string Status,
    ReportedLearner? Learner,
    DuplicateOf? DuplicateOf,
    IReadOnlyList<Correction> Corrections,
    IReadOnlyList<RowProblem> Errors)
{
    /// <summary>For a row held for review: the schools the reviewer may pick from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SchoolCandidate>? Candidates { get; init; }

    /// <summary>The learner a row joined or registered (never personal data in a log line).</summary>
    public override string ToString() => $"RowResult {{ Row = {Row}, Status = {Status} }}";
}

public sealed record ReportedLearner(
    string? EduId,
    string? Username,
    string? FirstName,
    string? ParentName,
    string? LastName,
    string? BirthDate,
    string? Sex,
    string? SchoolCode,
    int? Grade)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? LearnerId { get; init; }

    public override string ToString() => "ReportedLearner { (withheld) }";
}

public sealed record DuplicateOf(int? Row, string? EduId)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? LearnerId { get; init; }
}

public sealed record SchoolCandidate(string Code, string Name, double Confidence);

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

/// <summary>One row of every import: its result (the report line) and, for a row held for review, its draft.</summary>
internal static class ImportTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var rows = new Table(new PostgresqlObjectName(schema, "imp_rows", SchemaUtils.IdentifierUsage.General));
        rows.AddColumn<string>("tenant_id").AsPrimaryKey();
        rows.AddColumn<Guid>("import_id").AsPrimaryKey();
        rows.AddColumn<int>("row").AsPrimaryKey();
        rows.AddColumn<string>("status").NotNull();
        rows.AddColumn<string>("school_code").AllowNulls();
        rows.AddColumn<string>("municipality").AllowNulls();
        rows.AddColumn<Guid>("learner_id").AllowNulls();
        rows.AddColumn("result", "jsonb").NotNull();
        rows.AddColumn("draft", "jsonb").AllowNulls();
        rows.Indexes.Add(new IndexDefinition("ix_imp_rows_review") { Columns = ["tenant_id", "import_id", "row"], Predicate = "status = 'review'" });
        yield return rows;
    }
}
