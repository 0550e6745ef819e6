using System.Globalization;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine.Marten;

namespace Emis.Enrollment.Attendance.RecordAttendance;

/// <summary>Record a whole class's attendance for one day: a mark for every learner on the roster.</summary>
public sealed record RecordAttendance(Guid SchoolId, string SchoolYear, int Grade, string Section, DateOnly Date, IReadOnlyList<AttendanceMark> Marks)
{
    public sealed class Validator : AbstractValidator<RecordAttendance>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Grade).GradeNumber();
            RuleFor(x => x.Section).SectionName();
            RuleFor(x => x.Marks).NotEmpty().WithMessage("Give a mark for every learner of the class.");
            RuleForEach(x => x.Marks).ChildRules(mark =>
            {
                mark.RuleFor(m => m.LearnerId).NotEmpty();
                mark.RuleFor(m => m.Status).IsInEnum();
            });
            RuleFor(x => x.Marks).Must(m => m.Select(x => x.LearnerId).Distinct().Count() == m.Count).WithErrorCode("DUPLICATE")
                .WithMessage("A learner is marked twice.");
        }
    }
}

public static class RecordAttendanceHandler
{
    public static async Task<IStartStream> Handle(RecordAttendance command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var school = await LearnerStreams.SchoolAsync(session, command.SchoolId, "schoolId", ct);
        var section = LearnerRules.CleanSection(command.Section);
        var id = ClassDay.IdFor(session.TenantId, school.Id, command.SchoolYear, command.Grade, section, command.Date);
        var state = await session.Events.FetchStreamStateAsync(id, ct);
        var roster = await session.Query<LearnerProfile>()
            .Where(x => x.SchoolId == school.Id && x.SchoolYear == command.SchoolYear && x.Grade == command.Grade && x.Section == section
                && (x.Status == LearnerStatus.Enrolled || x.Status == LearnerStatus.Graduated))
            .Select(x => x.Id)
            .ToListAsync(ct);
        var recorded = Decide(command, school, id, state is not null, roster, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return MartenOps.StartStream<ClassDay>(id, recorded);
    }

    public static AttendanceRecorded Decide(RecordAttendance command, EnrollmentSchool school, Guid classDayId, bool alreadyRecorded,
        IReadOnlyCollection<Guid> roster, DateOnly today)
    {
        var day = command.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (command.Date > today)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "date", $"{day} is in the future: attendance is recorded on or after the day.");
        }
        if (alreadyRecorded)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "date",
                $"Attendance of grade {command.Grade} {command.Section} on {day} is already recorded; change a mark with correctAttendance.");
        }
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId", $"{school.Name} ({school.Code}) is closed.");
        }
        var errors = new List<UserError>();
        var onRoster = roster.ToHashSet();
        for (var i = 0; i < command.Marks.Count; i++)
        {
            if (!onRoster.Contains(command.Marks[i].LearnerId))
            {
                errors.Add(new UserError("NOT_ON_ROSTER", $"marks[{i}].learnerId",
                    $"Learner {command.Marks[i].LearnerId} is not enrolled in grade {command.Grade} {command.Section} for {command.SchoolYear}."));
            }
        }
        var unmarked = onRoster.Except(command.Marks.Select(m => m.LearnerId)).Count();
        if (unmarked > 0)
        {
            errors.Add(new UserError("UNMARKED_LEARNERS", "marks",
                string.Create(
                    CultureInfo.InvariantCulture, $"{unmarked} learners of the class have no mark; attendance is recorded for the whole class.")));
        }
        if (errors.Count > 0) throw new CommandRejectedException(errors);

        return new AttendanceRecorded(classDayId, school.Id, school.Code, school.Municipality, command.SchoolYear, command.Grade,
            LearnerRules.CleanSection(command.Section), command.Date, command.Marks);
    }
}
