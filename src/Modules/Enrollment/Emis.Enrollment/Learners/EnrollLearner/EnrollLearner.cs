using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Enrollment.Learners.EnrollLearner;

/// <summary>Enrol a learner for a school year into a school, grade and class section (also how a withdrawn learner re-enters).</summary>
public sealed record EnrollLearner(Guid LearnerId, string SchoolYear, Guid SchoolId, int Grade, string Section, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<EnrollLearner>
    {
        public Validator()
        {
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Grade).GradeNumber();
            RuleFor(x => x.Section).SectionName();
        }
    }
}

public static class EnrollLearnerHandler
{
    public static async Task<OutgoingMessages> Handle(EnrollLearner command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await LearnerStreams.FetchAsync(session, command.LearnerId, command.ExpectedVersion, ct);
        var school = await LearnerStreams.SchoolAsync(session, command.SchoolId, "schoolId", ct);
        var enrolled = Decide(command, stream.Aggregate!, school);
        stream.AppendOne(enrolled);
        return [LearnerStreams.Announce(
            session.TenantId, command.LearnerId, command.SchoolYear, LearnerStreams.NextVersion(stream), "enrolled", school)];
    }

    public static LearnerEnrolled Decide(EnrollLearner command, Learner learner, EnrollmentSchool school)
    {
        if (learner.Status == LearnerStatus.Deceased)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "learnerId", "This learner cannot be enrolled again.");
        }
        if (learner.ActiveIn(command.SchoolYear) is { } active)
        {
            throw new CommandRejectedException("ALREADY_ENROLLED", "schoolYear",
                $"The learner is already enrolled for {command.SchoolYear} (grade {active.Grade}, section {active.Section} at " +
                $"{active.SchoolCode}); use transferLearner to move them.");
        }
        LearnerStreams.CheckPlacement(school, command.Grade, "schoolId");

        var entry = learner.Status == LearnerStatus.Withdrawn ? EntryKind.ReEntry
            : learner.Years.Count > 0 ? EntryKind.Continuing
            : EntryKind.New;
        return new LearnerEnrolled(learner.Id, command.SchoolYear, school.Id, school.Code, school.Municipality, command.Grade,
            LearnerRules.CleanSection(command.Section), entry);
    }
}
