using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Staffing.Staff;

namespace Emis.Staffing.Standards;

/// <summary>Who may set the teacher standards: the ministry only.</summary>
internal sealed class SetTeacherStandardsPolicy : ICommandPolicy<SetTeacherStandards>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetTeacherStandards command, CancellationToken ct) =>
        Task.FromResult(caller.Role == Roles.MinistryAdmin ? null : StaffAccess.Forbidden(caller, null, "set teacher standards"));
}
