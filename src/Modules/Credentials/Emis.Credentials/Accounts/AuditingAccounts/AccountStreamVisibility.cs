using Emis.Credentials.Schools;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Credentials.Accounts.AuditingAccounts;

/// <summary>An account's history is visible to whoever may list the account (see <see cref="GettingAccounts.AccountQueries"/>).</summary>
internal sealed class AccountStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var account = await session.LoadAsync<Account>(streamId, ct);
        if (account is null) return null;
        switch (caller.Role)
        {
            case Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner:
                return true;
            case Roles.MunicipalityOfficer:
                var school = await session.LoadAsync<CredentialsSchool>(account.SchoolId, ct);
                return school is not null && string.Equals(school.Municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase);
            case Roles.SchoolAdmin:
                return account.SchoolCode == caller.NormalisedSchoolCode;
            default:
                return false;
        }
    }
}
