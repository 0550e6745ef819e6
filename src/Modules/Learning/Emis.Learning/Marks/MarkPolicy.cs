using Emis.Curriculum.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Learning.Marks;

/// <summary>
/// Who may record and correct marks: a teacher Staffing says teaches the subject to the section now (their current teaching
/// assignment, at the school their token names), and the school's admin, who may correct any mark of the school.
/// </summary>
internal sealed class MarkPolicy(ISectionCatalogue sections) : ICommandPolicy<RecordMarks>, ICommandPolicy<CorrectMark>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordMarks command, CancellationToken ct) =>
        MayMarkAsync(caller, command.SectionId, command.Subject, "record", ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, CorrectMark command, CancellationToken ct) =>
        MayMarkAsync(caller, command.SectionId, command.Subject, "correct", ct);

    private async Task<UserError?> MayMarkAsync(Caller caller, Guid sectionId, string subject, string what, CancellationToken ct)
    {
        if (caller.Role is not (Roles.Teacher or Roles.SchoolAdmin))
        {
            return new UserError(ErrorCodes.Forbidden, null,
                $"The role '{caller.Role}' may not {what} marks; the subject's teacher and the school's admin may.");
        }
        var section = await sections.SectionAsync(caller.Jurisdiction, sectionId, ct);
        if (section is null || !string.Equals(section.SchoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase))
        {
            // Outside the caller's school, a section is as good as unknown: say nothing about it.
            return new UserError(ErrorCodes.NotFound, "sectionId", $"There is no class section with id {sectionId} in your school.");
        }
        if (caller.Role == Roles.SchoolAdmin) return null;
        var offered = section.Subjects.FirstOrDefault(s => string.Equals(s.Code, subject.Trim(), StringComparison.OrdinalIgnoreCase));
        return offered is not null && Learning.StaffIdOf(caller) is { } staff && offered.Teachers.Contains(staff)
            ? null
            : new UserError(ErrorCodes.Forbidden, "subject",
                $"You do not teach {subject.Trim().ToUpperInvariant()} to {section.Grade}{section.Letter}: "
                + $"only its teacher or the school admin may {what} these marks.");
    }
}
