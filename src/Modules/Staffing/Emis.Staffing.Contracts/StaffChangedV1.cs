using Wolverine.Attributes;

namespace Emis.Staffing.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever a member of staff, their contracts or their teaching
/// assignments change. Carries no personal data: only what a subscriber needs to know which figures or scopes moved.
/// </summary>
/// <param name="Jurisdiction">The tenant the member of staff belongs to.</param>
/// <param name="StaffId">Stable id of the member of staff.</param>
/// <param name="SchoolIds">The schools the change concerns (before and after a transfer, both).</param>
/// <param name="Municipalities">The municipalities of those schools.</param>
/// <param name="Change">What happened: registered, corrected, qualification_recorded, training_recorded, contract_started,
/// contract_ended, transferred, leave_recorded, assigned, assignment_ended.</param>
/// <param name="Version">The staff stream's version after the change.</param>
[MessageIdentity("staffing.staff_changed", Version = 1)]
public sealed record StaffChangedV1(
    string Jurisdiction,
    Guid StaffId,
    IReadOnlyList<Guid> SchoolIds,
    IReadOnlyList<string> Municipalities,
    string Change,
    long Version);
