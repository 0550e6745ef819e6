using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;

namespace Emis.Credentials.Accounts;

/// <summary>The accounts rebuilt from their streams with <see cref="AccountProjection"/>'s own methods.</summary>
internal static class AccountReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<Account>(
        store,
        "accounts",
        "EduIDs, account names and provisioning state (Account documents)",
        [typeof(AccountIssued), typeof(AccountProvisioned), typeof(AccountProvisioningFailed)],
        Fold,
        a => a.Id,
        a => a.Version,
        [
            ("school_code", NpgsqlTypes.NpgsqlDbType.Varchar, a => a.SchoolCode),
            ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, a => a.SchoolId),
            ("username", NpgsqlTypes.NpgsqlDbType.Varchar, a => a.Username),
        ],
        ["username"]);

    private static Account? Fold(Account? account, IEvent e)
    {
        switch (e)
        {
            case IEvent<AccountIssued> issued:
                return AccountProjection.Create(issued);
            case IEvent<AccountProvisioned> x when account is not null:
                AccountProjection.Apply(x, account);
                break;
            case IEvent<AccountProvisioningFailed> x when account is not null:
                AccountProjection.Apply(x, account);
                break;
        }
        return account;
    }
}
