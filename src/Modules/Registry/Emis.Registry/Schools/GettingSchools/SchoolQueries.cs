using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;

namespace Emis.Registry.Schools.GettingSchools;

public sealed record SchoolFilter(string? Municipality, SchoolStatus? Status, SchoolLevel? Level, string? NameContains);

public sealed record MunicipalitySummary(string Name, int SchoolCount, int OpenSchoolCount);

/// <summary>Reads of the registry, always through the caller's jurisdiction and scope.</summary>
public sealed class SchoolQueries(IDocumentStore store)
{
    public async Task<SchoolView?> SchoolAsync(Caller caller, Guid id, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var school = asOf is { } at
            ? await session.Events.AggregateStreamAsync<SchoolView>(id, timestamp: at, token: ct)
            : await session.LoadAsync<SchoolView>(id, ct);
        return school is not null && caller.CanSeeSchool(school.Municipality, school.Code) ? school : null;
    }

    public async Task<Page<SchoolView>> SchoolsAsync(Caller caller, SchoolFilter filter, int offset, int pageSize, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var query = Scoped(session.Query<SchoolView>(), caller);
        if (!string.IsNullOrWhiteSpace(filter.Municipality)) query = query.Where(x => x.Municipality == filter.Municipality);
        if (filter.Status is { } status) query = query.Where(x => x.Status == status);
        if (filter.Level is { } level) query = query.Where(x => x.Level == level);
        if (!string.IsNullOrWhiteSpace(filter.NameContains))
        {
            var text = filter.NameContains.Trim();
            query = query.Where(x => x.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        var total = await query.CountAsync(ct);
        var nodes = pageSize == 0 || offset >= total
            ? []
            : await query.OrderBy(x => x.Name).ThenBy(x => x.Code).Skip(offset).Take(pageSize).ToListAsync(ct);
        return new Page<SchoolView>([.. nodes], offset, total);
    }

    public async Task<IReadOnlyList<MunicipalitySummary>> MunicipalitiesAsync(Caller caller, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var schools = await Scoped(session.Query<SchoolView>(), caller).ToListAsync(ct);
        return [.. schools
            .GroupBy(s => s.Municipality)
            .Select(g => new MunicipalitySummary(g.Key, g.Count(), g.Count(s => s.Status == SchoolStatus.Open)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    private static IQueryable<SchoolView> Scoped(IQueryable<SchoolView> query, Caller caller)
    {
        var municipality = caller.Municipality;
        var code = caller.SchoolCode is null ? null : SchoolIdentity.NormaliseCode(caller.SchoolCode);
        return caller.Role switch
        {
            Roles.MunicipalityOfficer => query.Where(x => x.Municipality == municipality),
            Roles.SchoolAdmin or Roles.Teacher => query.Where(x => x.Code == code),
            _ when caller.SeesWholeJurisdiction => query,
            _ => query.Where(x => x.Id == Guid.Empty),
        };
    }
}
