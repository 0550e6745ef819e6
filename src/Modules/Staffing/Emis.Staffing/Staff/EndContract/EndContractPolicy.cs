using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.EndContract;

/// <summary>Who may end a contract: whoever manages the contract's school.</summary>
internal sealed class EndContractPolicy(StaffAccess access) : ICommandPolicy<EndContract>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, EndContract command, CancellationToken ct)
    {
        var staff = await access.StaffAsync(caller, command.StaffId, ct);
        if (staff is null || !GettingStaff.StaffQueries.CanSee(caller, staff)) return StaffAccess.UnknownStaff(command.StaffId);
        var contract = staff.CurrentContracts.FirstOrDefault(c => c.Id == command.ContractId);
        if (contract is null) return null; // the handler says the contract is not current
        return StaffAccess.MayManage(caller, contract.Municipality, contract.SchoolCode) ? null
            : StaffAccess.Forbidden(caller, "contractId", "end a contract at this school");
    }
}
