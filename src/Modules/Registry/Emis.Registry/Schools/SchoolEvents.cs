namespace Emis.Registry.Schools;

// The school stream's schema, in one place. Stored under the explicit names given in RegistryModule, so moving or
// renaming these classes never renames history.

/// <summary>A school entered the registry.</summary>
public sealed record SchoolRegistered(
    Guid SchoolId,
    string Code,
    string Name,
    string Municipality,
    SchoolLevel Level,
    IReadOnlyList<string> Languages,
    SchoolStatus Status);

/// <summary>A school's name changed.</summary>
public sealed record SchoolRenamed(Guid SchoolId, string From, string Name);

/// <summary>A school now belongs to another municipality.</summary>
public sealed record SchoolMoved(Guid SchoolId, string FromMunicipality, string ToMunicipality);

/// <summary>A school opened, closed, closed for an emergency or switched to distance learning.</summary>
public sealed record SchoolStatusChanged(Guid SchoolId, SchoolStatus From, SchoolStatus To, string Reason);

/// <summary>The languages of instruction of a school were set.</summary>
public sealed record SchoolLanguagesSet(Guid SchoolId, IReadOnlyList<string> Languages);
