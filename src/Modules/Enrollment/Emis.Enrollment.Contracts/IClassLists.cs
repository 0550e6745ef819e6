namespace Emis.Enrollment.Contracts;

/// <summary>Where a learner is in class now: their current school year's school, grade and class section.</summary>
public sealed record LearnerPlacement(Guid LearnerId, string SchoolYear, Guid SchoolId, string SchoolCode, int Grade, string Section);

/// <summary>
/// What Enrollment offers, synchronously, to a module that must list who is in which class (the School Data Sync export of
/// Credentials, which makes one class per section): the learners in class now. Implemented by the Enrollment module.
/// </summary>
public interface IClassLists
{
    /// <summary>Every learner in class now (enrolled, or graduated at the end of the current year) in the jurisdiction.</summary>
    Task<IReadOnlyList<LearnerPlacement>> CurrentPlacementsAsync(string jurisdiction, CancellationToken ct);

    /// <summary>The learners in class now at one school (a question about one class need not read the jurisdiction).</summary>
    Task<IReadOnlyList<LearnerPlacement>> CurrentPlacementsAsync(string jurisdiction, Guid schoolId, CancellationToken ct);
}
