using Wolverine.Attributes;

namespace Emis.Enrollment.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever a learner's enrolment changes: enrolled,
/// transferred, withdrawn, a year-end outcome recorded. It carries ids and places, never a name, a birth date or a
/// disability: a subscriber that needs more reads it through the API with its own rights.
/// </summary>
/// <param name="Jurisdiction">The tenant.</param>
/// <param name="LearnerId">The learner's stable, pseudonymous id.</param>
/// <param name="SchoolYear">The school year the change concerns, e.g. 2025/2026.</param>
/// <param name="SchoolIds">Every school whose figures changed (two for a transfer).</param>
/// <param name="Municipalities">The municipalities of those schools.</param>
/// <param name="Change">registered, enrolled, transferred, withdrawn, outcome_recorded.</param>
/// <param name="Version">The learner stream's version after the change.</param>
[MessageIdentity("enrollment.enrollment_changed", Version = 1)]
public sealed record EnrollmentChangedV1(
    string Jurisdiction,
    Guid LearnerId,
    string? SchoolYear,
    IReadOnlyList<Guid> SchoolIds,
    IReadOnlyList<string> Municipalities,
    string Change,
    long Version);
