using System.Globalization;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Enrollment.Learners.RollOverSchoolYear;

/// <summary>
/// Close a school's year: every learner with a year-end outcome gets next year's enrolment (promoted: the next grade,
/// repeating: the same grade, same section); graduates leave. Refused while any learner has no outcome. Running it
/// again enrols nobody twice.
/// </summary>
public sealed record RollOverSchoolYear(Guid SchoolId, string SchoolYear)
{
    public sealed class Validator : AbstractValidator<RollOverSchoolYear>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
        }
    }
}

/// <summary>What a rollover did.</summary>
public sealed record RollOverResult(string NextSchoolYear, int Promoted, int Repeating, int Graduated);

/// <summary>One learner's part in a rollover, decided from their profile.</summary>
public sealed record RollOverStep(Guid LearnerId, long Version, LearnerEnrolled? Enrolment);

public static class RollOverSchoolYearHandler
{
    public static async Task<(RollOverResult, OutgoingMessages)> Handle(RollOverSchoolYear command, IDocumentSession session, CancellationToken ct)
    {
        var school = await LearnerStreams.SchoolAsync(session, command.SchoolId, "schoolId", ct);
        var year = command.SchoolYear;
        var learners = await session.Query<LearnerProfile>()
            .Where(x => x.SchoolId == command.SchoolId && x.SchoolYear == year
                && (x.Status == LearnerStatus.Enrolled || x.Status == LearnerStatus.Graduated))
            .ToListAsync(ct);

        var steps = Decide(command, school, learners);
        var messages = new OutgoingMessages();
        foreach (var step in steps.Where(s => s.Enrolment is not null))
        {
            // The expected version guards each learner: a change made since we read the profile refuses the whole rollover.
            session.Events.Append(step.LearnerId, step.Version + 1, step.Enrolment!);
            messages.Add(LearnerStreams.Announce(session.TenantId, step.LearnerId, step.Enrolment!.SchoolYear, step.Version + 1, "enrolled", school));
        }
        var result = new RollOverResult(
            SchoolYear.Next(year),
            steps.Count(s => s.Enrolment?.Entry == EntryKind.Promotion),
            steps.Count(s => s.Enrolment?.Entry == EntryKind.Repetition),
            steps.Count(s => s.Enrolment is null));
        return (result, messages);
    }

    public static IReadOnlyList<RollOverStep> Decide(RollOverSchoolYear command, EnrollmentSchool school, IReadOnlyList<LearnerProfile> learners)
    {
        if (school.IsClosed)
        {
            throw new CommandRejectedException(
                ErrorCodes.RuleViolated, "schoolId", $"{school.Name} ({school.Code}) is closed: there is no next year to roll into.");
        }
        var missing = learners.Count(l => l.Outcome is null);
        if (missing > 0)
        {
            throw new CommandRejectedException("OUTCOMES_MISSING", "schoolYear", string.Create(CultureInfo.InvariantCulture,
                $"{missing} of {learners.Count} learners at {school.Code} have no year-end outcome for {command.SchoolYear}; record them first."));
        }

        var next = SchoolYear.Next(command.SchoolYear);
        return [.. learners.OrderBy(l => l.Id).Select(l => new RollOverStep(l.Id, l.Version, l.Outcome switch
        {
            YearEndOutcome.Promoted when school.Grades.Contains(l.Grade!.Value + 1) =>
                new LearnerEnrolled(l.Id, next, school.Id, school.Code, school.Municipality, l.Grade.Value + 1, l.Section!, EntryKind.Promotion),
            YearEndOutcome.Promoted => throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear",
                $"A learner promoted from grade {l.Grade} cannot continue at {school.Code}, which teaches grades {school.Grades}."),
            YearEndOutcome.Repeating =>
                new LearnerEnrolled(l.Id, next, school.Id, school.Code, school.Municipality, l.Grade!.Value, l.Section!, EntryKind.Repetition),
            _ => null,
        }))];
    }
}
