using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Enrollment.Learners.TransferLearner;

/// <summary>Move an enrolled learner to another open school within the same school year: one event, one history.</summary>
public sealed record TransferLearner(Guid LearnerId, string SchoolYear, Guid ToSchoolId, int? Grade, string Section, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<TransferLearner>
    {
        public Validator()
        {
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.ToSchoolId).NotEmpty().WithMessage("The receiving school's id is required.");
            RuleFor(x => x.Grade!.Value).GradeNumber().When(x => x.Grade is not null).OverridePropertyName("grade");
            RuleFor(x => x.Section).SectionName();
        }
    }
}

public static class TransferLearnerHandler
{
    public static async Task<OutgoingMessages> Handle(TransferLearner command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await LearnerStreams.FetchAsync(session, command.LearnerId, command.ExpectedVersion, ct);
        var learner = stream.Aggregate!;
        var from = learner.ActiveIn(command.SchoolYear) is { } active
            ? await session.LoadAsync<EnrollmentSchool>(active.SchoolId, ct)
            : null;
        var to = await LearnerStreams.SchoolAsync(session, command.ToSchoolId, "toSchoolId", ct);
        var transferred = Decide(command, learner, to);
        stream.AppendOne(transferred);
        return [LearnerStreams.Announce(session.TenantId, learner.Id, command.SchoolYear, LearnerStreams.NextVersion(stream), "transferred",
            from is null ? [to] : [from, to])];
    }

    public static LearnerTransferred Decide(TransferLearner command, Learner learner, EnrollmentSchool to)
    {
        var current = learner.ActiveIn(command.SchoolYear)
            ?? throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear",
                $"The learner is not enrolled for {command.SchoolYear}: enrol them instead of transferring.");
        if (current.SchoolId == to.Id)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "toSchoolId", $"The learner is already at {to.Name} ({to.Code}).");
        }
        var grade = command.Grade ?? current.Grade;
        LearnerStreams.CheckPlacement(to, grade, "toSchoolId");
        return new LearnerTransferred(learner.Id, command.SchoolYear, current.SchoolId, current.SchoolCode, to.Id, to.Code, to.Municipality, grade,
            LearnerRules.CleanSection(command.Section));
    }
}
