using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.StartContract;

/// <summary>Who may employ a member of staff at a school: whoever manages that school.</summary>
internal sealed class StartContractPolicy(StaffAccess access) : ICommandPolicy<StartContract>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, StartContract command, CancellationToken ct) =>
        access.ManagesStaffAtSchoolAsync(caller, command.StaffId, command.Contract.SchoolId, "contract.schoolId", "employ staff at this school", ct);
}
