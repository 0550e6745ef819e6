using Wolverine.Attributes;

namespace Emis.Curriculum.Contracts;

/// <summary>
/// Published (through the outbox) whenever a class section is opened, closed, linked to its enrolments or given a homeroom
/// teacher. Carries ids and places only.
/// </summary>
/// <param name="Change">opened, closed, homeroom_assigned, enrolments_linked.</param>
[MessageIdentity("curriculum.section_changed", Version = 1)]
public sealed record SectionChangedV1(
    string Jurisdiction, Guid SectionId, Guid SchoolId, string SchoolYear, int Grade, string Letter, string Change, long Version);
