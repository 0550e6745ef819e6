using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.TransferLearner;

/// <summary>
/// The sending side records a transfer (the school, its municipality or the ministry); the receiving school cannot
/// pull a learner it does not see.
/// </summary>
internal sealed class TransferLearnerPolicy(EnrollmentAccess access) : ICommandPolicy<TransferLearner>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, TransferLearner command, CancellationToken ct) =>
        await access.ManagesLearnerAsync(caller, command.LearnerId, "transfer this learner", ct)
        ?? (await access.SchoolAsync(caller, command.ToSchoolId, ct) is null ? EnrollmentAccess.UnknownSchool(command.ToSchoolId, "toSchoolId")
            : null);
}
