using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.EndTeachingAssignment;

/// <summary>Who may end a teaching assignment: whoever manages the assignment's school.</summary>
internal sealed class EndTeachingAssignmentPolicy(StaffAccess access) : ICommandPolicy<EndTeachingAssignment>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, EndTeachingAssignment command, CancellationToken ct)
    {
        var staff = await access.StaffAsync(caller, command.StaffId, ct);
        if (staff is null || !GettingStaff.StaffQueries.CanSee(caller, staff)) return StaffAccess.UnknownStaff(command.StaffId);
        var assignment = staff.Assignments.FirstOrDefault(a => a.Id == command.AssignmentId && a.Current);
        if (assignment is null) return null;
        return await access.ManagesSchoolAsync(caller, assignment.SchoolId, "assignmentId", "end teaching at this school", ct);
    }
}
