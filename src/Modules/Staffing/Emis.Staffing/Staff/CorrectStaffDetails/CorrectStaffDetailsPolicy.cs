using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.CorrectStaffDetails;

/// <summary>Who may correct a member of staff's details: whoever manages them.</summary>
internal sealed class CorrectStaffDetailsPolicy(StaffAccess access) : ICommandPolicy<CorrectStaffDetails>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, CorrectStaffDetails command, CancellationToken ct) =>
        access.ManagesStaffAsync(caller, command.StaffId, "correct this member of staff's details", ct);
}
