using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Emis.Registry.Schools.GettingSchools;
using Marten;

namespace Emis.Registry.Schools.AuditingSchools;

/// <summary>A school's history is visible to whoever sees the school as it is now.</summary>
internal sealed class SchoolStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var school = await session.LoadAsync<SchoolView>(streamId, ct);
        return school is null ? null : caller.CanSeeSchool(school.Municipality, school.Code);
    }
}
