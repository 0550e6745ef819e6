using Emis.Platform.Events;
using Emis.Registry.Contracts;

namespace Emis.Credentials.Schools;

/// <summary>
/// Credentials' own copy of what it needs to know about a school (its name and municipality, for Microsoft 365 and School
/// Data Sync, for scoping municipality officers and for diplomas), kept from the Registry's published <see cref="SchoolChangedV1"/>
/// events: a module never reads another module's tables.
/// </summary>
public sealed class CredentialsSchool : IReferenceCopy
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";

    /// <summary>Languages of instruction (ISO 639), for a diploma whose learner has none recorded.</summary>
    public List<string> Languages { get; set; } = [];
    public long Version { get; set; }
}
