using Emis.Curriculum.Sections;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Curriculum.Materials;

/// <summary>The catalogue's history is public within the jurisdiction; a holding's goes with its school's scope.</summary>
internal sealed class MaterialsStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        if (await session.LoadAsync<MaterialView>(streamId, ct) is not null) return true;
        var holding = await session.LoadAsync<HoldingView>(streamId, ct);
        return holding is null ? null : SectionAccess.MaySee(caller, holding.SchoolCode, holding.Municipality);
    }
}
