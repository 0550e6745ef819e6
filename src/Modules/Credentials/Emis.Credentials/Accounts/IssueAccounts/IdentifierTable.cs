using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Credentials.Accounts.IssueAccounts;

/// <summary>
/// <c>cred_identifiers (tenant_id, kind, value, person_id)</c>: every EduID and account name ever issued, one row each,
/// primary key (tenant_id, kind, value). A plain table rather than documents so that a whole batch's reservations go in
/// with one binary COPY, and so that two imports issuing the same identifier at once cannot both commit: the second
/// transaction waits on the first one's key and then fails. Rows are never deleted: an identifier is never reused.
/// </summary>
internal static class IdentifierTable
{
    public const string Name = "cred_identifiers";
    public const string EduIdKind = "eduid";
    public const string UsernameKind = "username";

    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<string>("kind").AsPrimaryKey();
        table.AddColumn<string>("value").AsPrimaryKey();
        table.AddColumn<Guid>("person_id").NotNull();
        return table;
    }
}
