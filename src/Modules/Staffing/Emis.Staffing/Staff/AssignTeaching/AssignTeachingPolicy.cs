using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.AssignTeaching;

/// <summary>Who may assign teaching: whoever manages the school the section belongs to.</summary>
internal sealed class AssignTeachingPolicy(StaffAccess access) : ICommandPolicy<AssignTeaching>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, AssignTeaching command, CancellationToken ct) =>
        access.ManagesStaffAtSchoolAsync(caller, command.StaffId, command.SchoolId, "schoolId", "assign teaching at this school", ct);
}
