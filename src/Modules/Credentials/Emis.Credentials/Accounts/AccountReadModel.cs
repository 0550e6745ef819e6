using Emis.Platform.ReadModels;
using Marten;

namespace Emis.Credentials.Accounts;

/// <summary>
/// The accounts rebuilt from their streams with <see cref="AccountProjection"/>'s own methods (Marten's aggregator for the document).
/// </summary>
internal static class AccountReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<Account>(
        store,
        "accounts",
        "EduIDs, account names, provisioning and retirement (Account documents)",
        [typeof(AccountIssued), typeof(AccountProvisioned), typeof(AccountProvisioningFailed), typeof(AccountRetired), typeof(AccountDisabled),
            typeof(AccountDisablingFailed)],
        a => a.Id,
        a => a.Version,
        [
            ("school_code", NpgsqlTypes.NpgsqlDbType.Varchar, a => a.SchoolCode),
            ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, a => a.SchoolId),
            ("username", NpgsqlTypes.NpgsqlDbType.Varchar, a => a.Username),
        ],
        ["username"]);
}
