using Emis.Platform.EventLog;

namespace Emis.Learning.Xapi;

// Learning's public events about course progress. Which child did what, and how well, is personal: partners without the
// personal-data grant see which statements arrived about which courses and when, never whose they are, their verbs or scores.

/// <summary>A statement of <see cref="CourseStatementsRecordedV1"/>: what it is about, not whose.</summary>
public sealed record CourseStatementV1(Guid StatementId, string Course, string? ContentCategory, DateTimeOffset Timestamp);

/// <summary>A statement's learner, verb and result in <see cref="CourseStatementsRecordedV1"/> (personal).</summary>
public sealed record CourseStatementResultV1(Guid StatementId, Guid LearnerId, string Verb, string ActivityId, decimal? Scaled, decimal? Raw,
    decimal? Min, decimal? Max, bool? Success, bool? Completion, string? Duration);

[PublicEvent("learning.course_statements_recorded", 1,
    "A learning platform's xAPI statements about learners' courses, accepted together: the courses and content categories, and (with the " +
    "personal-data grant) each statement's learner, verb and result.")]
public sealed record CourseStatementsRecordedV1(Guid BatchId, int Count, IReadOnlyList<CourseStatementV1> Statements,
    [property: PersonalData(PersonalDataHandling.Withhold)] IReadOnlyList<CourseStatementResultV1>? Results);

/// <summary>One voiding in <see cref="CourseStatementsVoidedV1"/>.</summary>
public sealed record StatementVoidV1(Guid StatementId, Guid VoidedStatementId);

[PublicEvent("learning.course_statements_voided", 1,
    "Voiding statements of a learning platform: each voided statement no longer counts (it may arrive after its voiding).")]
public sealed record CourseStatementsVoidedV1(Guid BatchId, IReadOnlyList<StatementVoidV1> Voided);

internal static class CourseStatementPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<CourseStatementsRecorded, CourseStatementsRecordedV1>(
            (e, _) => new(e.BatchId, e.Statements.Count,
                [.. e.Statements.Select(s => new CourseStatementV1(s.StatementId, s.Course, s.ContentCategory, s.Timestamp))],
                [.. e.Statements.Select(s => new CourseStatementResultV1(s.StatementId, s.LearnerId, s.Verb, s.ActivityId, s.Scaled, s.Raw, s.Min,
                    s.Max, s.Success, s.Completion, s.Duration))]),
            e => e.BatchId, PublicChange.Created)
        .Add<CourseStatementsVoided, CourseStatementsVoidedV1>(
            (e, _) => new(e.BatchId, [.. e.Voids.Select(v => new StatementVoidV1(v.StatementId, v.Voided))]), e => e.BatchId,
            PublicChange.Corrected);
}
