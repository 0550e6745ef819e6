namespace Emis.Enrollment.Contracts;

/// <summary>Where a learner is in class now: their current school year's school, grade and class section.</summary>
public sealed record LearnerPlacement(Guid LearnerId, string SchoolYear, Guid SchoolId, string SchoolCode, int Grade, string Section);

/// <summary>
/// A learner as figures about them need them now: their sex (FEMALE, MALE) and, when they are in class, where (null otherwise).
/// </summary>
public sealed record LearnerWhereabouts(Guid LearnerId, string Sex, LearnerPlacement? Placement, string? Municipality);

/// <summary>
/// A learner as a credential about them names them: their names in their original letters, birth date and language of
/// instruction (an ISO 639 code). Personal data: never logged, never in a public event.
/// </summary>
public sealed record LearnerIdentity(Guid LearnerId, string FirstName, string? ParentName, string LastName, DateOnly BirthDate,
    string LanguageOfInstruction)
{
    public override string ToString() => $"LearnerIdentity {{ LearnerId = {LearnerId} }}";
}

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

    /// <summary>
    /// These learners' sex and where they are in class now (one read): learners Emis does not know, or whose registration was
    /// undone (reverted), are left out; a learner not in class now has no placement.
    /// </summary>
    Task<IReadOnlyList<LearnerWhereabouts>> WhereaboutsAsync(string jurisdiction, IReadOnlyCollection<Guid> learnerIds, CancellationToken ct);

    /// <summary>
    /// These learners' names, birth dates and languages of instruction (one read), for the diplomas Credentials issues;
    /// learners Emis does not know, or whose registration was undone (reverted), are left out.
    /// </summary>
    Task<IReadOnlyList<LearnerIdentity>> IdentitiesAsync(string jurisdiction, IReadOnlyCollection<Guid> learnerIds, CancellationToken ct);
}
