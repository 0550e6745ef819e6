namespace Emis.Enrollment.Contracts;

/// <summary>A learner of a class as it stood in a school year: their id and sex (FEMALE, MALE), for figures by sex.</summary>
public sealed record RosterLearner(Guid LearnerId, string Sex);

/// <summary>The result of a school year a module other than Enrollment decided (Learning, from final marks).</summary>
public enum YearEndResult
{
    Promoted,
    Repeating,
    Graduated,
}

/// <summary>One learner's result to record.</summary>
public sealed record YearEndResultToRecord(Guid LearnerId, YearEndResult Result);

/// <summary>
/// What Enrollment offers, synchronously, to the module that confirms year-end results from marks (Learning): the class list
/// of any school year, and recording the learners' outcomes in the caller's own session and transaction, so that the
/// confirmation and the outcomes commit together or not at all. Implemented by the Enrollment module.
/// </summary>
public interface IYearEndOutcomes
{
    /// <summary>
    /// The learners placed in a class section in a school year and still there (a learner who transferred out or withdrew
    /// is not; one whose outcome is recorded still is). Reverted learners are not.
    /// </summary>
    Task<IReadOnlyList<RosterLearner>> RosterAsync(string jurisdiction, Guid schoolId, string schoolYear, int grade, string section,
        CancellationToken ct);

    /// <summary>
    /// Records each learner's outcome of the school year in <paramref name="session"/> by Enrollment's own rules (a learner
    /// enrolled that year; GRADUATED only from the school's last grade). Refuses all of them when one is refused, naming
    /// <c>results[i]</c>. Returns the messages to send once the transaction commits (Enrollment's change announcements).
    /// </summary>
    Task<IReadOnlyList<object>> RecordAsync(Marten.IDocumentSession session, string schoolYear, IReadOnlyList<YearEndResultToRecord> results,
        CancellationToken ct);
}
