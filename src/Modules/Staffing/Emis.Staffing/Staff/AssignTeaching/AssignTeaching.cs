using System.Globalization;
using Emis.Platform.Commands;
using Emis.Staffing.Staff.GettingStaff;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.AssignTeaching;

/// <summary>Assign a teacher a subject in a class section for a school year, so many hours a week; optionally as homeroom teacher.</summary>
public sealed record AssignTeaching(
    Guid StaffId, Guid AssignmentId, Guid SchoolId, string SchoolYear, int Grade, string Section, string Subject, decimal WeeklyHours,
    bool Homeroom = false)
{
    public sealed class Validator : AbstractValidator<AssignTeaching>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.AssignmentId).NotEmpty();
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Grade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("A grade is a number from 0 to 13.");
            RuleFor(x => x.Section).NotEmpty().WithMessage("The class section is required (e.g. A).")
                .Must(StaffRules.IsSection).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A class section is 1 to 10 letters or digits (e.g. A, 2, B1).");
            RuleFor(x => x.Subject).ShortText("subject");
            RuleFor(x => x.WeeklyHours).GreaterThan(0m).LessThanOrEqualTo(StaffRules.MaxWeeklyHours).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage($"Weekly hours are more than 0 and at most {StaffRules.MaxWeeklyHours}.");
        }
    }
}

public static class AssignTeachingHandler
{
    public static async Task<OutgoingMessages> Handle(AssignTeaching command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, null, ct);
        var homeroom = command.Homeroom ? await HomeroomTeacherAsync(session, command, ct) : null;
        stream.AppendOne(Decide(command, stream.Aggregate!, homeroom));
        return [StaffStreams.Announce(session.TenantId, stream.Aggregate!, StaffStreams.NextVersion(stream), "assigned")];
    }

    /// <summary>
    /// The assignment, or the rule it breaks: the teacher has a current contract at the school, does not already teach the
    /// subject to the section, and the section has no other homeroom teacher.
    /// </summary>
    public static TeachingAssigned Decide(AssignTeaching command, StaffMember staff, Guid? homeroomTeacher)
    {
        if (staff.PostAt(command.SchoolId) is not { } post)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId",
                "The member of staff has no current contract at that school: a teacher is assigned only where they are employed.");
        }
        var section = StaffRules.CleanSection(command.Section);
        var subject = StaffRules.CleanName(command.Subject);
        if (staff.Assignments.Values.Any(a => a.SchoolId == command.SchoolId && a.SchoolYear == command.SchoolYear && a.Grade == command.Grade
                && a.Section == section && string.Equals(a.Subject, subject, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "subject", string.Create(CultureInfo.InvariantCulture,
                $"The teacher already teaches {subject} to {command.Grade}{section} in {command.SchoolYear}."));
        }
        if (command.Homeroom && homeroomTeacher is { } other && other != staff.Id)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "homeroom", string.Create(CultureInfo.InvariantCulture,
                $"Section {command.Grade}{section} already has a homeroom teacher ({other}) in {command.SchoolYear}: end that assignment first."));
        }
        return new TeachingAssigned(staff.Id, command.AssignmentId, command.SchoolId, post.SchoolCode, command.SchoolYear.Trim(), command.Grade,
            section, subject, command.WeeklyHours, command.Homeroom);
    }

    private static async Task<Guid?> HomeroomTeacherAsync(IDocumentSession session, AssignTeaching command, CancellationToken ct)
    {
        var section = StaffRules.CleanSection(command.Section);
        var year = command.SchoolYear.Trim();
        var teachers = await session.Query<StaffProfile>()
            .Where(s => s.Assignments.Any(a => a.Current && a.Homeroom && a.SchoolId == command.SchoolId && a.SchoolYear == year
                && a.Grade == command.Grade && a.Section == section))
            .Select(s => s.Id).ToListAsync(ct);
        return teachers.FirstOrDefault(id => id != command.StaffId) is var other && other != Guid.Empty ? other : null;
    }
}
