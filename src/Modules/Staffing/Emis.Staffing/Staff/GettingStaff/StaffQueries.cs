using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;

namespace Emis.Staffing.Staff.GettingStaff;

public sealed record StaffFilter(
    Guid? SchoolId = null,
    string? Municipality = null,
    StaffRole? Role = null,
    StaffSex? Sex = null,
    bool? Employed = null,
    string? NameContains = null);

/// <summary>Reads of staff, always through the caller's jurisdiction and scope.</summary>
public sealed class StaffQueries(IDocumentStore store)
{
    public async Task<StaffProfile?> StaffAsync(Caller caller, Guid id, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var current = await session.LoadAsync<StaffProfile>(id, ct);
        if (current is null || !CanSee(caller, current)) return null;
        return asOf is { } at ? await session.Events.AggregateStreamAsync<StaffProfile>(id, timestamp: at, token: ct) : current;
    }

    public async Task<Page<StaffProfile>> StaffListAsync(Caller caller, StaffFilter filter, int offset, int pageSize, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var query = Scoped(session.Query<StaffProfile>(), caller);
        if (filter.SchoolId is { } school) query = query.Where(x => x.Contracts.Any(c => c.SchoolId == school && c.EndReason == null));
        if (filter.Municipality is { } municipality) query = query.Where(x => x.Municipalities.Contains(municipality));
        if (filter.Role is { } role) query = query.Where(x => x.Contracts.Any(c => c.Role == role && c.EndReason == null));
        if (filter.Sex is { } sex) query = query.Where(x => x.Sex == sex);
        if (filter.Employed is { } employed) query = query.Where(x => x.Employed == employed);
        if (!string.IsNullOrWhiteSpace(filter.NameContains))
        {
            var text = StaffProfile.SearchText(filter.NameContains.Trim());
            query = query.Where(x => x.SearchName.Contains(text));
        }
        var total = await query.CountAsync(ct);
        if (pageSize == 0 || offset >= total) return new Page<StaffProfile>([], offset, total);
        var nodes = await query.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id).Skip(offset).Take(pageSize).ToListAsync(ct);
        return new Page<StaffProfile>([.. nodes], offset, total);
    }

    /// <summary>The staff id a teacher's token names (its subject), if it is one.</summary>
    public static Guid? StaffIdOf(Caller caller) => Guid.TryParse(caller.Subject, out var id) ? id : null;

    /// <summary>Whether a member of staff, as they are now, lies in the caller's scope. A teacher sees their own record.</summary>
    public static bool CanSee(Caller caller, StaffProfile staff) => caller.Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
        Roles.MunicipalityOfficer => caller.Municipality is { } m && staff.Municipalities.Contains(m),
        Roles.SchoolAdmin => caller.NormalisedSchoolCode is { } code && staff.SchoolCodes.Contains(code, StringComparer.OrdinalIgnoreCase),
        Roles.Teacher => StaffIdOf(caller) == staff.Id,
        _ => false,
    };

    private static IQueryable<StaffProfile> Scoped(IQueryable<StaffProfile> query, Caller caller)
    {
        var municipality = caller.Municipality ?? "";
        var code = caller.NormalisedSchoolCode ?? "";
        var self = StaffIdOf(caller) ?? Guid.Empty;
        return caller.Role switch
        {
            Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => query,
            Roles.MunicipalityOfficer => query.Where(x => x.Municipalities.Contains(municipality)),
            Roles.SchoolAdmin => query.Where(x => x.SchoolCodes.Contains(code)),
            Roles.Teacher => query.Where(x => x.Id == self),
            _ => query.Where(x => x.Id == Guid.Empty),
        };
    }
}
