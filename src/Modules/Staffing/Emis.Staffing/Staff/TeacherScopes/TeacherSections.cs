using Emis.Platform.Auth;
using Emis.Staffing.Staff.GettingStaff;
using Marten;

namespace Emis.Staffing.Staff.TeacherScopes;

/// <summary>
/// A teacher's class sections are their current teaching assignments at the school their token names, read at every
/// request from the member of staff the token's subject is (adr/0019): assign a teacher and they see the section's learners
/// and record its attendance at their next request; end the assignment and they no longer do. A teacher whose subject is no
/// member of staff, or who has no current contract at the school, has no sections.
/// </summary>
internal sealed class TeacherSections(IDocumentStore store) : ICallerScope
{
    public async ValueTask<Caller> CompleteAsync(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Roles.Teacher) return caller;
        if (StaffQueries.StaffIdOf(caller) is not { } staffId) return caller with { Sections = [] };
        await using var session = store.QuerySession(caller.Jurisdiction);
        var staff = await session.LoadAsync<StaffProfile>(staffId, ct);
        return caller with { Sections = staff is null ? [] : Of(staff, caller.NormalisedSchoolCode) };
    }

    /// <summary>The sections a member of staff teaches now at a school (none where they have no current contract).</summary>
    public static IReadOnlyList<ClassSection> Of(StaffProfile staff, string? schoolCode)
    {
        if (schoolCode is null || !staff.CurrentContracts.Any(c => string.Equals(c.SchoolCode, schoolCode, StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }
        return [.. staff.Assignments
            .Where(a => a.Current && string.Equals(a.SchoolCode, schoolCode, StringComparison.OrdinalIgnoreCase))
            .Select(a => new ClassSection(a.Grade, a.Section))
            .Distinct()
            .OrderBy(s => s.Grade).ThenBy(s => s.Section, StringComparer.Ordinal)];
    }
}
