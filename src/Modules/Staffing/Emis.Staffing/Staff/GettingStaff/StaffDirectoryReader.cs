using Emis.Staffing.Contracts;
using Marten;

namespace Emis.Staffing.Staff.GettingStaff;

/// <summary>The current contracts and teaching assignments of a jurisdiction's employed staff, from their profiles.</summary>
internal sealed class StaffDirectoryReader(IDocumentStore store) : IStaffDirectory
{
    public Task<StaffDirectory> CurrentAsync(string jurisdiction, CancellationToken ct) => DirectoryAsync(jurisdiction, null, ct);

    public Task<StaffDirectory> CurrentAsync(string jurisdiction, Guid schoolId, CancellationToken ct) => DirectoryAsync(jurisdiction, schoolId, ct);

    private async Task<StaffDirectory> DirectoryAsync(string jurisdiction, Guid? schoolId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var query = session.Query<StaffProfile>().Where(s => s.Employed);
        if (schoolId is { } school) query = query.Where(s => s.Contracts.Any(c => c.SchoolId == school));
        // Only the contracts and assignments leave the database (not the names, records and histories of every employed person).
        var staff = await query
            .Select(s => new DirectoryEntry { Id = s.Id, Contracts = s.Contracts, Assignments = s.Assignments }).ToListAsync(ct);
        var postings = staff.SelectMany(s => s.Contracts.Where(c => c.Current && (schoolId is null || c.SchoolId == schoolId))
            .Select(c => new StaffPosting(s.Id, c.SchoolId, c.SchoolCode, Role(c.Role))));
        var classes = staff.SelectMany(s => s.Assignments.Where(a => a.Current && (schoolId is null || a.SchoolId == schoolId))
            .Select(a => new TeachingClass(s.Id, a.SchoolId, a.SchoolCode, a.SchoolYear, a.Grade, a.Section, a.Subject, a.Homeroom,
                a.WeeklyHours)));
        return new StaffDirectory([.. postings], [.. classes]);
    }

    private sealed class DirectoryEntry
    {
        public Guid Id { get; set; }
        public List<ContractEntry> Contracts { get; set; } = [];
        public List<AssignmentEntry> Assignments { get; set; } = [];
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
