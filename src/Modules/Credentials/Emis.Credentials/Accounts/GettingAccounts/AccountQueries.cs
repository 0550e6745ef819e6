using Emis.Credentials.Schools;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;

namespace Emis.Credentials.Accounts.GettingAccounts;

public sealed record AccountFilter(string? SchoolCode = null, AccountState? State = null);

/// <summary>
/// Reads of accounts, always through the caller's jurisdiction and scope: the ministry and partners the whole
/// jurisdiction, a municipality officer the accounts of its schools, a school admin their school's. Teachers see none:
/// Credentials does not know class sections.
/// </summary>
public sealed class AccountQueries(IDocumentStore store)
{
    public async Task<Page<Account>> AccountsAsync(Caller caller, AccountFilter filter, int offset, int pageSize, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        IQueryable<Account> query = session.Query<Account>();
        switch (caller.Role)
        {
            case Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner:
                break;
            case Roles.MunicipalityOfficer:
                var schools = await session.Query<CredentialsSchool>().ToListAsync(ct);
                var ids = schools.Where(s => string.Equals(s.Municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase))
                    .Select(s => s.Id).ToArray();
                query = query.Where(x => ids.Contains(x.SchoolId));
                break;
            case Roles.SchoolAdmin:
                var code = caller.NormalisedSchoolCode;
                query = query.Where(x => x.SchoolCode == code);
                break;
            default:
                return new Page<Account>([], offset, 0);
        }
        if (!string.IsNullOrWhiteSpace(filter.SchoolCode))
        {
            var code = filter.SchoolCode.Trim().ToUpperInvariant();
            query = query.Where(x => x.SchoolCode == code);
        }
        if (filter.State is { } state) query = query.Where(x => x.State == state);

        var total = await query.CountAsync(ct);
        if (pageSize == 0 || offset >= total) return new Page<Account>([], offset, total);
        // Callers who may not see names get a name-free order too.
        var ordered = caller.SeesPersonalData
            ? query.OrderBy(x => x.SchoolCode).ThenBy(x => x.Username).ThenBy(x => x.Id)
            : query.OrderBy(x => x.SchoolCode).ThenBy(x => x.Id);
        var nodes = await ordered.Skip(offset).Take(pageSize).ToListAsync(ct);
        return new Page<Account>([.. nodes], offset, total);
    }
}
