using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.RollOverSchoolYear;

/// <summary>Who may roll a school over into the next year: whoever manages the school.</summary>
internal sealed class RollOverSchoolYearPolicy(EnrollmentAccess access) : ICommandPolicy<RollOverSchoolYear>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RollOverSchoolYear command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", "roll this school over", ct);
}
