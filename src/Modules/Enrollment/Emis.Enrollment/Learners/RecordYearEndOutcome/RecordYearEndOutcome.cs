using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Enrollment.Learners.RecordYearEndOutcome;

/// <summary>Record the year's result for a learner: promoted, repeating, or graduated (completed the school's last grade).</summary>
public sealed record RecordYearEndOutcome(Guid LearnerId, string SchoolYear, YearEndOutcome Outcome, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<RecordYearEndOutcome>
    {
        public Validator()
        {
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Outcome).IsInEnum();
        }
    }
}

public static class RecordYearEndOutcomeHandler
{
    public static async Task<OutgoingMessages> Handle(RecordYearEndOutcome command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await LearnerStreams.FetchAsync(session, command.LearnerId, command.ExpectedVersion, ct);
        var placement = stream.Aggregate!.ActiveIn(command.SchoolYear);
        var school = placement is null ? null : await session.LoadAsync<EnrollmentSchool>(placement.SchoolId, ct);
        var recorded = Decide(command, stream.Aggregate!, school);
        stream.AppendOne(recorded);
        return [LearnerStreams.Announce(
            session.TenantId, command.LearnerId, command.SchoolYear, LearnerStreams.NextVersion(stream), "outcome_recorded", school!)];
    }

    /// <param name="fromMarks">
    /// Confirmed from final marks by Learning (adr/0028), which decides by the programme's last grade: the school's grade range
    /// is not checked again, and an outcome confirmed from marks is changed by no other path.
    /// </param>
    public static YearEndOutcomeRecorded Decide(RecordYearEndOutcome command, Learner learner, EnrollmentSchool? school, bool fromMarks = false)
    {
        var placement = learner.ActiveIn(command.SchoolYear);
        if (placement is null || school is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear", $"The learner is not enrolled for {command.SchoolYear}.");
        }
        if (placement.OutcomeFromMarks && !fromMarks)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "outcome",
                $"The outcome for {command.SchoolYear} was confirmed by the school from the learner's final marks; it stands on them.");
        }
        // From marks, the same outcome recorded by hand before is confirmed (the event marks it as standing on marks).
        if (placement.Outcome == command.Outcome && (!fromMarks || placement.OutcomeFromMarks))
        {
            throw new CommandRejectedException(
                ErrorCodes.Unchanged, "outcome", $"The outcome for {command.SchoolYear} is already {command.Outcome}.");
        }
        if (placement.Outcome is not null && placement.Outcome != command.Outcome
            && learner.Years.Keys.Any(y => string.CompareOrdinal(y, command.SchoolYear) > 0))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "outcome",
                $"The learner is already enrolled in a later year; the outcome of {command.SchoolYear} can no longer change.");
        }
        var last = school.Grades.Last;
        if (fromMarks)
        {
            return new YearEndOutcomeRecorded(learner.Id, command.SchoolYear, placement.SchoolId, placement.Grade, command.Outcome, placement.Outcome,
                FromMarks: true);
        }
        if (command.Outcome == YearEndOutcome.Graduated && placement.Grade != last)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "outcome",
                $"Only a learner in the last grade ({last}) of {school.Code} can graduate; this learner is in grade {placement.Grade}.");
        }
        if (command.Outcome == YearEndOutcome.Promoted && placement.Grade == last)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "outcome",
                $"Grade {last} is the last grade of {school.Code}: a learner completing it is GRADUATED, not PROMOTED.");
        }
        return new YearEndOutcomeRecorded(learner.Id, command.SchoolYear, placement.SchoolId, placement.Grade, command.Outcome, placement.Outcome);
    }
}
