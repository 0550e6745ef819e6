using Emis.Platform.Auth;

namespace Emis.Enrollment.Contracts;

/// <summary>
/// What Enrollment offers, synchronously, to modules whose figures divide by learners (Staffing's pupil–teacher
/// ratios): the learners enrolled in a school year as of an event sequence number, per school and grade, counted from
/// Enrollment's own enrolment intervals and scoped by the caller exactly as Enrollment's statistics are. Implemented by
/// the Enrollment module; other modules see only this shape and never read its tables.
/// </summary>
public interface IEnrolledLearnerCounts
{
    /// <summary>
    /// Learners enrolled in <paramref name="schoolYear"/> once the events numbered up to <paramref name="sequence"/>
    /// were recorded, one row per school and grade with learners (the same number always gives the same rows).
    /// </summary>
    Task<IReadOnlyList<EnrolledLearnerCount>> CountAsync(Caller caller, string schoolYear, long sequence, CancellationToken ct);
}

/// <summary>Learners enrolled at a school in a grade.</summary>
public sealed record EnrolledLearnerCount(Guid SchoolId, string SchoolCode, string Municipality, int Grade, long Count);
