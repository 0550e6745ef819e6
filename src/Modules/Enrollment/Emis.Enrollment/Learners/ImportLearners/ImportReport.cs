using System.Text.Json.Serialization;
using Emis.Platform.Imports;

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
