using Emis.Credentials.Accounts.IssueAccounts;
using Emis.Platform.Privacy;
using Marten;

namespace Emis.Credentials.Accounts.ErasingAccounts;

/// <summary>
/// What Credentials keeps about a person outside the event log, for their erasure (adr/0024): the account document,
/// rewritten from the events (names and account name read as erased), and the account name's reservation, released.
/// The EduID stays reserved, so that it is never given to someone else. Credentials has no retention rule of its own: an
/// account lives as long as its learner or member of staff. The user in Microsoft 365 is the ministry's tenant's to delete.
/// </summary>
internal sealed class AccountPersonalData : IPersonalDataHolder
{
    public async Task<PersonHeld?> FindAsync(IQuerySession session, Guid person, CancellationToken ct) =>
        await session.LoadAsync<Account>(Account.StreamIdOf(person), ct) is null ? null : new PersonHeld("credentials", false, null);

    public async Task EraseAsync(IDocumentSession session, Guid person, CancellationToken ct)
    {
        var stream = Account.StreamIdOf(person);
        if (await session.Events.AggregateStreamAsync<Account>(stream, token: ct) is { } account) session.Store(account);
        session.QueueSqlCommand(
            $"delete from {session.DocumentStore.Options.DatabaseSchemaName}.{IdentifierTable.Name} "
            + "where tenant_id = ? and kind = ? and person_id = ?",
            session.TenantId, IdentifierTable.UsernameKind, person);
    }
}
