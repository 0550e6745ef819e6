namespace Emis.Learning.Xapi;

/// <summary>
/// A learner of a batch as Enrollment had them when the statements arrived: sex (FEMALE, MALE) and, when in class, where —
/// so that figures by school, grade, section and sex stay as they were. Ids and places only, never a name or an identifier.
/// </summary>
public sealed record StatementLearner(Guid LearnerId, string Sex, Guid? SchoolId, string? SchoolCode, string? Municipality, string? SchoolYear,
    int? Grade, string? Section);

/// <summary>
/// One xAPI statement as recorded: the learner (by id: the EduID or account name it came with is never kept), the verb's IRI,
/// the activity, the course and content category it belongs to, the result, and when it happened. <see cref="Hash"/>
/// fingerprints the statement as sent (adr/0029): the same id again with the same hash is the same statement.
/// </summary>
public sealed record CourseStatement(
    Guid StatementId, Guid LearnerId, string Verb, string ActivityId, string Course, string? ContentCategory, decimal? Scaled, decimal? Raw,
    decimal? Min, decimal? Max, bool? Success, bool? Completion, string? Duration, DateTimeOffset Timestamp, string Hash);

/// <summary>A voiding statement: <see cref="StatementId"/> voids <see cref="Voided"/> (which Emis may not have received yet).</summary>
public sealed record StatementVoid(Guid StatementId, Guid Voided, DateTimeOffset Timestamp, string Hash);

// Every event of a statement batch's stream (one stream per accepted request: stream id CourseStatementsRecorded.BatchId).

/// <summary>A learning platform's statements about learners' courses, accepted together (a request is stored whole or not at all).</summary>
public sealed record CourseStatementsRecorded(Guid BatchId, IReadOnlyList<StatementLearner> Learners, IReadOnlyList<CourseStatement> Statements);

/// <summary>Voiding statements of the same request: each voided statement stops counting from this event on.</summary>
public sealed record CourseStatementsVoided(Guid BatchId, IReadOnlyList<StatementVoid> Voids);
