using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.TransferStaffMember;

/// <summary>Who may transfer a member of staff: whoever manages the school they leave (as learners' transfers, the sending side).</summary>
internal sealed class TransferStaffMemberPolicy(StaffAccess access) : ICommandPolicy<TransferStaffMember>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, TransferStaffMember command, CancellationToken ct)
    {
        var staff = await access.StaffAsync(caller, command.StaffId, ct);
        if (staff is null || !GettingStaff.StaffQueries.CanSee(caller, staff)) return StaffAccess.UnknownStaff(command.StaffId);
        var contract = staff.CurrentContracts.FirstOrDefault(c => c.Id == command.ContractId);
        if (contract is null) return null;
        return StaffAccess.MayManage(caller, contract.Municipality, contract.SchoolCode) ? null
            : StaffAccess.Forbidden(caller, "contractId", "transfer staff from this school");
    }
}
