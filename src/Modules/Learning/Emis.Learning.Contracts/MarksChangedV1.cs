using Wolverine.Attributes;

namespace Emis.Learning.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever marks of a section are recorded or corrected, or its
/// year-end results confirmed. Carries ids and places only, never whose marks or which.
/// </summary>
/// <param name="Change">marks_recorded, mark_corrected, results_confirmed.</param>
[MessageIdentity("learning.marks_changed", Version = 1)]
public sealed record MarksChangedV1(string Jurisdiction, Guid SectionId, Guid SchoolId, string SchoolYear, string Change);
