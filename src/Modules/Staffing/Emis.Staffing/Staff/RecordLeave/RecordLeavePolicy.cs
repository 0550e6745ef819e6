using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.RecordLeave;

/// <summary>Who may record leave: whoever manages the member of staff.</summary>
internal sealed class RecordLeavePolicy(StaffAccess access) : ICommandPolicy<RecordLeave>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordLeave command, CancellationToken ct) =>
        access.ManagesStaffAsync(caller, command.StaffId, "record leave for this member of staff", ct);
}
