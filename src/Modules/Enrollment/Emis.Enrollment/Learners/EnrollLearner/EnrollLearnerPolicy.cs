using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.EnrollLearner;

/// <summary>Who may enrol a learner: whoever manages the school, unless the learner is in class at a school they do not see.</summary>
internal sealed class EnrollLearnerPolicy(EnrollmentAccess access) : ICommandPolicy<EnrollLearner>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, EnrollLearner command, CancellationToken ct) =>
        await access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", "enrol learners in this school", ct)
        ?? await access.NotHeldElsewhereAsync(caller, command.LearnerId, ct);
}
