using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.RegisterStaffMember;

/// <summary>
/// Who may register a member of staff: the ministry; a municipality officer or school admin only with a first contract at a
/// school they manage (otherwise they could not see whom they registered).
/// </summary>
internal sealed class RegisterStaffMemberPolicy(StaffAccess access) : ICommandPolicy<RegisterStaffMember>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, RegisterStaffMember command, CancellationToken ct)
    {
        if (caller.Role == Roles.MinistryAdmin && command.Contract is null) return null;
        if (command.Contract is null)
        {
            return caller.Role is Roles.MunicipalityOfficer or Roles.SchoolAdmin
                ? new UserError(ErrorCodes.Invalid, "contract", "Give the first contract: you register staff of the schools you manage.")
                : StaffAccess.Forbidden(caller, null, "register staff");
        }
        return await access.ManagesSchoolAsync(caller, command.Contract.SchoolId, "contract.schoolId", "register staff at this school", ct);
    }
}
