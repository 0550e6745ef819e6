using Wolverine.Attributes;

namespace Emis.Registry.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever a school is registered or changes. Carries the
/// school's whole public state so that other modules keep their own copy without reading the Registry's tables.
/// </summary>
/// <param name="Jurisdiction">The tenant the school belongs to.</param>
/// <param name="SchoolId">Stable id of the school.</param>
/// <param name="Code">The school's code, unique within the jurisdiction.</param>
/// <param name="Name">Current name.</param>
/// <param name="Municipality">Current municipality.</param>
/// <param name="Level">primary, lower_secondary, upper_secondary or combined.</param>
/// <param name="Status">open, closed, closed_for_emergency or distance_learning.</param>
/// <param name="Languages">Languages of instruction (ISO 639 codes).</param>
/// <param name="Version">The school stream's version after the change.</param>
/// <param name="Change">What happened: registered, renamed, moved, status_changed, languages_set; or announced (the school as it
/// is, published again for modules deployed after it was registered).</param>
[MessageIdentity("registry.school_changed", Version = 1)]
public sealed record SchoolChangedV1(
    string Jurisdiction,
    Guid SchoolId,
    string Code,
    string Name,
    string Municipality,
    string Level,
    string Status,
    IReadOnlyList<string> Languages,
    long Version,
    string Change);
