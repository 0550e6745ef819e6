using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Registry.Schools.ChangeSchoolStatus;

/// <summary>Who may change a school's status: the ministry, and a municipality officer for the municipality's own schools.</summary>
internal sealed class ChangeSchoolStatusPolicy(SchoolAccess access) : ICommandPolicy<ChangeSchoolStatus>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, ChangeSchoolStatus command, CancellationToken ct) =>
        access.MayChangeAsync(caller, command.SchoolId, MayChangeStatus, ct);

    // Emergencies are reported locally: the municipality may close its own schools; the scope check has already
    // made sure the school is the caller's.
    private static bool MayChangeStatus(Caller caller) => caller.Role is Roles.MinistryAdmin or Roles.MunicipalityOfficer;
}
