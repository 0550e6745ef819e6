using Emis.Enrollment.Learners;
using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Enrollment.Attendance;

/// <summary>
/// Who may record or correct a class's attendance: whoever manages the school, and a teacher of that class section in
/// their own school.
/// </summary>
internal sealed class AttendancePolicy(EnrollmentAccess access)
    : ICommandPolicy<RecordAttendance.RecordAttendance>, ICommandPolicy<CorrectAttendance.CorrectAttendance>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordAttendance.RecordAttendance command, CancellationToken ct) =>
        MayMarkAsync(caller, command.SchoolId, command.Grade, command.Section, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, CorrectAttendance.CorrectAttendance command, CancellationToken ct) =>
        MayMarkAsync(caller, command.SchoolId, command.Grade, command.Section, ct);

    private async Task<UserError?> MayMarkAsync(Caller caller, Guid schoolId, int grade, string section, CancellationToken ct)
    {
        var school = await access.SchoolAsync(caller, schoolId, ct);
        if (school is null) return EnrollmentAccess.UnknownSchool(schoolId, "schoolId");
        var allowed = EnrollmentAccess.MayManage(caller, school)
            || (caller.Role == Roles.Teacher
                && string.Equals(school.Code, caller.SchoolCode?.Trim(), StringComparison.OrdinalIgnoreCase)
                && caller.Sections.Contains(new ClassSection(grade, LearnerRules.CleanSection(section))));
        return allowed ? null : EnrollmentAccess.Forbidden(caller, "section", "record attendance for this class");
    }
}
