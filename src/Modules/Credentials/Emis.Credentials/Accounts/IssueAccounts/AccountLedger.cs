using System.Text.RegularExpressions;
using Emis.Credentials.Contracts;
using Emis.Credentials.Identity;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Wolverine;

namespace Emis.Credentials.Accounts.IssueAccounts;

/// <summary>
/// Issues accounts in bulk inside an importer's <see cref="BulkWrite"/>: one <c>credentials.account_issued</c> stream per
/// person, the <see cref="Account"/> document the inline projection would build, the EduID and account name reserved in
/// <c>cred_identifiers</c> by binary COPY, and — sent only once the write commits — the messages that provision the
/// accounts in Microsoft 365.
/// </summary>
public sealed partial class AccountLedger(IDocumentStore store, NpgsqlDataSource dataSource, CredentialsSettings settings,
    ILogger<AccountLedger> logger) : IAccountLedger
{
    private int _warnedProvisioningOff;

    public async Task<IIssuedIdentifiers> LoadIssuedAsync(string jurisdiction, CancellationToken ct)
    {
        // One pass over the table's primary key range for the tenant; pairs are joined in memory (faster than grouping
        // 400,000 rows in SQL for a national import).
        var eduIds = new Dictionary<Guid, string>();
        var usernames = new Dictionary<Guid, string>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand(
            $"select kind, value, person_id from {store.Options.DatabaseSchemaName}.{IdentifierTable.Name} where tenant_id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var target = reader.GetString(0) == IdentifierTable.EduIdKind ? eduIds : usernames;
                target[reader.GetGuid(2)] = reader.GetString(1);
            }
        }
        return new IssuedIdentifiers(settings.DomainOf(jurisdiction),
            eduIds.Select(e => new PersonIdentity(e.Key, e.Value, usernames.GetValueOrDefault(e.Key, ""))));
    }

    public async Task IssueAsync(BulkWrite write, IReadOnlyList<NewAccount> accounts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(accounts);
        if (accounts.Count == 0) return;
        var domain = settings.DomainOf(write.Tenant);
        Check(accounts, domain);

        var documents = new List<Account>(accounts.Count);
        foreach (var account in accounts)
        {
            var issued = Issued(account);
            write.StartStream<Account>(Account.StreamIdOf(account.PersonId), issued);
            // Events written by BulkWrite bypass inline projections: store what the projection builds from the same
            // event, with the timestamp and version BulkWrite gives it.
            documents.Add(AccountProjection.Create(new Event<AccountIssued>(issued)
            {
                StreamId = Account.StreamIdOf(account.PersonId),
                Version = 1,
                Timestamp = write.Now,
                TenantId = write.Tenant,
            }));
        }
        // Their JSON is made on worker threads while the documents and identifiers are copied.
        write.SerializeAhead(ct);
        // New documents, by COPY (an upsert each through the session costs a millisecond apiece at import scale); the
        // duplicated columns are the ones CredentialsModule declares.
        await write.CopyDocumentsAsync(documents, a => a.Id, a => a.Version,
        [
            ("school_code", NpgsqlDbType.Varchar, a => a.SchoolCode),
            ("school_id", NpgsqlDbType.Uuid, a => a.SchoolId),
            ("username", NpgsqlDbType.Varchar, a => a.Username),
        ], ct);

        await ReserveAsync(write, accounts, ct);

        var graph = settings.Graph;
        if (!graph.IsConfigured || write.Outbox is null)
        {
            LogProvisioningOff(logger, accounts.Count, write.Tenant);
            if (Interlocked.Exchange(ref _warnedProvisioningOff, 1) == 0) LogProvisioningOffOnce(logger);
            return;
        }
        foreach (var chunk in accounts.Select(a => Account.StreamIdOf(a.PersonId)).Chunk(graph.BatchSize))
        {
            await write.Outbox.PublishAsync(new ProvisionAccounts.ProvisionAccounts(write.Tenant, chunk),
                new DeliveryOptions { TenantId = write.Tenant });
        }
    }

    public async Task<int> RetireAsync(IDocumentSession session, IMessageBus outbox, IReadOnlyList<Guid> people, string cause,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(people);
        if (people.Count == 0) return 0;
        var accounts = await session.LoadManyAsync<Account>(ct, people.Distinct().Select(Account.StreamIdOf));
        var retiring = accounts.Where(a => a.State != AccountState.Retired).ToList();
        foreach (var account in retiring)
        {
            // At the version read: a provisioning outcome appended meanwhile fails this transaction, which is then tried again.
            session.Events.Append(account.Id, account.Version + 1, new AccountRetired(account.PersonId, cause));
        }
        // The identifiers' reservations in cred_identifiers are kept: an EduID or account name is never issued twice.
        var graph = settings.Graph;
        if (retiring.Count > 0 && graph.IsConfigured)
        {
            var options = new DeliveryOptions { TenantId = session.TenantId };
            foreach (var chunk in retiring.Select(a => a.Id).Chunk(graph.BatchSize))
            {
                await outbox.PublishAsync(new RetiringAccounts.DisableAccounts(session.TenantId, chunk), options);
                // A second pass later finds a user that a provisioning attempt already in flight created after the first.
                await outbox.ScheduleAsync(new RetiringAccounts.DisableAccounts(session.TenantId, chunk), graph.RetryDelayAfter(3), options);
            }
        }
        return retiring.Count;
    }

    public static AccountIssued Issued(NewAccount account) => new(account.PersonId, account.Kind, account.EduId, account.Username,
        account.SchoolId, account.SchoolCode, account.SchoolYear, account.Grade, account.FirstName, account.LastName);

    /// <summary>Refuses a batch that would write something unusable; messages name the position, never the value.</summary>
    public static void Check(IReadOnlyList<NewAccount> accounts, string domain)
    {
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            string? problem =
                a.PersonId == Guid.Empty ? "has no person id" :
                !EduId.IsValid(a.EduId) || EduId.Normalise(a.EduId) != a.EduId ? "has an EduID that is not 12 digits with valid check digits" :
                !IsAccountName(a.Username, domain) ? $"has an account name that is not lower-case ASCII ending in @{domain}" :
                string.IsNullOrWhiteSpace(a.FirstName) || string.IsNullOrWhiteSpace(a.LastName) ? "has no first or last name" :
                a.SchoolId == Guid.Empty || string.IsNullOrWhiteSpace(a.SchoolCode) ? "has no school" :
                string.IsNullOrWhiteSpace(a.SchoolYear) ? "has no school year" :
                null;
            if (problem is not null) throw new ArgumentException($"Account {i} (person {a.PersonId}) {problem}.", nameof(accounts));
        }
    }

    /// <summary>An account name as Microsoft Graph accepts it as userPrincipalName, in the jurisdiction's domain.</summary>
    public static bool IsAccountName(string username, string domain)
    {
        if (!username.EndsWith("@" + domain, StringComparison.Ordinal)) return false;
        var local = username[..^(domain.Length + 1)];
        return local.Length is > 0 and <= 64 && LocalPart().IsMatch(local);
    }

    private static async Task ReserveAsync(BulkWrite write, IReadOnlyList<NewAccount> accounts, CancellationToken ct)
    {
        // A key already taken (by an earlier import, or by a concurrent one once it commits) fails the COPY and with it
        // the whole write: nothing of the batch is stored.
        await using var copy = await write.Connection.BeginBinaryImportAsync(
            $"copy {write.Schema}.{IdentifierTable.Name} (tenant_id, kind, value, person_id) from stdin (format binary)", ct);
        foreach (var account in accounts)
        {
            await Row(copy, write.Tenant, IdentifierTable.EduIdKind, account.EduId, account.PersonId, ct);
            await Row(copy, write.Tenant, IdentifierTable.UsernameKind, account.Username, account.PersonId, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task Row(NpgsqlBinaryImporter copy, string tenant, string kind, string value, Guid person, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(tenant, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(kind, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(person, NpgsqlDbType.Uuid, ct);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPart();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Provisioning is off (Emis:Credentials:Graph is not configured): {Count} accounts issued in {Jurisdiction} stay ISSUED")]
    private static partial void LogProvisioningOff(ILogger logger, int count, string jurisdiction);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Microsoft Graph is not configured (Emis:Credentials:Graph:TenantId, ClientId, ClientSecret): accounts are issued but not " +
            "provisioned")]
    private static partial void LogProvisioningOffOnce(ILogger logger);
}
