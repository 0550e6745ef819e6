using Emis.Enrollment.Learners;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Enrollment.Attendance.CorrectAttendance;

/// <summary>Change one learner's mark on a recorded day, saying why.</summary>
public sealed record CorrectAttendance(Guid SchoolId, string SchoolYear, int Grade, string Section, DateOnly Date, Guid LearnerId,
    AttendanceStatus Status, string Reason)
{
    /// <summary>The reason is free text that may name a child: it stays out of log lines.</summary>
    public override string ToString() => $"CorrectAttendance {{ SchoolId = {SchoolId}, Date = {Date:yyyy-MM-dd}, LearnerId = {LearnerId} }}";

    public sealed class Validator : AbstractValidator<CorrectAttendance>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Grade).GradeNumber();
            RuleFor(x => x.Section).SectionName();
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.Status).IsInEnum();
            RuleFor(x => x.Reason).NotEmpty().WithMessage("A correction needs a reason.").MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class CorrectAttendanceHandler
{
    public static async Task Handle(CorrectAttendance command, IDocumentSession session, CancellationToken ct)
    {
        var id = ClassDay.IdFor(
            session.TenantId, command.SchoolId, command.SchoolYear, command.Grade, LearnerRules.CleanSection(command.Section), command.Date);
        var stream = await session.Events.FetchForWriting<ClassDay>(id, ct);
        stream.AppendOne(Decide(command, stream.Aggregate));
    }

    public static AttendanceCorrected Decide(CorrectAttendance command, ClassDay? day)
    {
        if (day is null)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "date", "No attendance is recorded for that class on that day.");
        }
        if (!day.Marks.TryGetValue(command.LearnerId, out var current))
        {
            throw new CommandRejectedException("NOT_ON_ROSTER", "learnerId", "The learner has no mark on that day.");
        }
        if (current == command.Status)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "status", $"The mark is already {command.Status}.");
        }
        return new AttendanceCorrected(day.Id, command.LearnerId, current, command.Status, command.Reason.Trim());
    }
}
