using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Learners.RecordYearEndOutcome;

/// <summary>Who may record a year-end outcome: whoever manages the school the learner attended in that school year.</summary>
internal sealed class RecordYearEndOutcomePolicy(EnrollmentAccess access) : ICommandPolicy<RecordYearEndOutcome>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordYearEndOutcome command, CancellationToken ct) =>
        access.ManagesLearnerInYearAsync(caller, command.LearnerId, command.SchoolYear, "record this learner's outcome", ct);
}
