using Emis.Staffing.Contracts;
using Marten;

namespace Emis.Staffing.Staff.GettingStaff;

/// <summary>The current contracts and teaching assignments of a jurisdiction's employed staff, from their profiles.</summary>
internal sealed class StaffDirectoryReader(IDocumentStore store) : IStaffDirectory
{
    public async Task<StaffDirectory> CurrentAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var staff = await session.Query<StaffProfile>().Where(s => s.Employed).ToListAsync(ct);
        var postings = staff.SelectMany(s => s.CurrentContracts.Select(c => new StaffPosting(s.Id, c.SchoolId, c.SchoolCode, Role(c.Role))));
        var classes = staff.SelectMany(s => s.Assignments.Where(a => a.Current)
            .Select(a => new TeachingClass(s.Id, a.SchoolId, a.SchoolCode, a.SchoolYear, a.Grade, a.Section, a.Subject, a.Homeroom,
                a.WeeklyHours)));
        return new StaffDirectory([.. postings], [.. classes]);
    }

    private static string Role(StaffRole role) => role switch
    {
        StaffRole.Teacher => "teacher",
        StaffRole.Director => "director",
        StaffRole.Pedagogue => "pedagogue",
        StaffRole.Administrative => "administrative",
        _ => "support",
    };
}
