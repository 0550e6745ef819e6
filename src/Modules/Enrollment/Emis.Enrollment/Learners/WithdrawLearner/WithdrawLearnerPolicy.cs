using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.WithdrawLearner;

/// <summary>Who may withdraw a learner: whoever manages the school the learner attended in that school year.</summary>
internal sealed class WithdrawLearnerPolicy(EnrollmentAccess access) : ICommandPolicy<WithdrawLearner>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, WithdrawLearner command, CancellationToken ct) =>
        access.ManagesLearnerInYearAsync(caller, command.LearnerId, command.SchoolYear, "withdraw this learner", ct);
}
