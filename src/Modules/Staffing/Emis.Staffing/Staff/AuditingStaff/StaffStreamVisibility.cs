using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Standards;
using Marten;

namespace Emis.Staffing.Staff.AuditingStaff;

/// <summary>
/// A member of staff's history is visible to whoever sees them as they are now (see <see cref="StaffQueries.CanSee"/>); the
/// jurisdiction's teacher standards to everyone in it.
/// </summary>
internal sealed class StaffStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        if (streamId == TeacherStandardsView.IdFor(caller.Jurisdiction)) return true;
        await using var session = store.QuerySession(caller.Jurisdiction);
        var staff = await session.LoadAsync<StaffProfile>(streamId, ct);
        return staff is null ? null : StaffQueries.CanSee(caller, staff);
    }
}
