namespace Emis.Staffing.Contracts;

/// <summary>A current contract: who works at which school in which role (teacher, director, pedagogue, administrative, support).</summary>
public sealed record StaffPosting(Guid StaffId, Guid SchoolId, string SchoolCode, string Role);

/// <summary>
/// A current teaching assignment: who teaches which subject to which class section, so many hours a week (the section is
/// Curriculum's by its school, year, grade and letter; the subject as the assignment wrote it, a code or a name).
/// </summary>
public sealed record TeachingClass(Guid StaffId, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, string Subject,
    bool Homeroom, decimal WeeklyHours = 0);

/// <summary>Who works where and teaches whom now, in one jurisdiction.</summary>
public sealed record StaffDirectory(IReadOnlyList<StaffPosting> Postings, IReadOnlyList<TeachingClass> Classes);

/// <summary>
/// What Staffing offers, synchronously, to a module that must list staff by school and class (the School Data Sync export of
/// Credentials: staff roles and teachers' class enrolments). Implemented by the Staffing module.
/// </summary>
public interface IStaffDirectory
{
    Task<StaffDirectory> CurrentAsync(string jurisdiction, CancellationToken ct);

    /// <summary>Who works at one school and teaches its classes now (a question about one school need not read the jurisdiction).</summary>
    Task<StaffDirectory> CurrentAsync(string jurisdiction, Guid schoolId, CancellationToken ct);
}
