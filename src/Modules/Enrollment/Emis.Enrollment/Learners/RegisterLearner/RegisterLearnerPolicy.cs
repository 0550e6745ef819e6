using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.RegisterLearner;

/// <summary>
/// Who may register a learner: whoever manages the school they are enrolled in at once; only the ministry may register
/// a learner without a school.
/// </summary>
internal sealed class RegisterLearnerPolicy(EnrollmentAccess access) : ICommandPolicy<RegisterLearner>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, RegisterLearner command, CancellationToken ct) =>
        command.Enrollment is not { } enrollment
        ? caller.Role == Roles.MinistryAdmin ? null
            : EnrollmentAccess.Forbidden(caller, "enrollment", "register a learner without enrolling them in a school you manage")
        : await access.ManagesSchoolAsync(caller, enrollment.SchoolId, "enrollment.schoolId", "enrol learners in this school", ct);
}
