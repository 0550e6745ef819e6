using Emis.Credentials.Accounts.IssueAccounts;
using Emis.Credentials.Contracts;
using Emis.Credentials.Identity;
using Marten;
using Npgsql;

namespace Emis.Credentials.Accounts.FindingAccounts;

/// <summary>
/// <see cref="IAccountDirectory"/>: identifiers looked up by <c>cred_identifiers</c>' primary key, then the holders' accounts
/// loaded by id to leave out retired ones. Identifiers are never logged.
/// </summary>
internal sealed class AccountDirectory(IDocumentStore store, NpgsqlDataSource dataSource) : IAccountDirectory
{
    public async Task<AccountHolder?> PersonOfAsync(string jurisdiction, string eduIdOrAccountName, CancellationToken ct) =>
        (await PeopleOfAsync(jurisdiction, [eduIdOrAccountName], ct)).GetValueOrDefault(eduIdOrAccountName);

    public async Task<IReadOnlyDictionary<string, AccountHolder>> PeopleOfAsync(string jurisdiction,
        IReadOnlyCollection<string> eduIdsOrAccountNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eduIdsOrAccountNames);
        var asked = new Dictionary<(string Kind, string Value), List<string>>();
        foreach (var given in eduIdsOrAccountNames.Distinct(StringComparer.Ordinal))
        {
            if (KeyOf(given) is not { } key) continue;
            if (!asked.TryGetValue(key, out var names)) asked[key] = names = [];
            names.Add(given);
        }
        if (asked.Count == 0) return new Dictionary<string, AccountHolder>();

        var people = new Dictionary<(string Kind, string Value), Guid>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select kind, value, person_id from {store.Options.DatabaseSchemaName}.{IdentifierTable.Name}
            where tenant_id = $1 and kind = $2 and value = any($3)
            union all
            select kind, value, person_id from {store.Options.DatabaseSchemaName}.{IdentifierTable.Name}
            where tenant_id = $1 and kind = $4 and value = any($5)
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = IdentifierTable.EduIdKind });
            command.Parameters.Add(new NpgsqlParameter { Value = Values(asked, IdentifierTable.EduIdKind) });
            command.Parameters.Add(new NpgsqlParameter { Value = IdentifierTable.UsernameKind });
            command.Parameters.Add(new NpgsqlParameter { Value = Values(asked, IdentifierTable.UsernameKind) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) people[(reader.GetString(0), reader.GetString(1))] = reader.GetGuid(2);
        }
        if (people.Count == 0) return new Dictionary<string, AccountHolder>();

        await using var session = store.QuerySession(jurisdiction);
        var accountIds = people.Values.Distinct().Select(Account.StreamIdOf).ToArray();
        // Only the two fields needed, not whole accounts (a batch of statements names up to thousands of people).
        var accounts = (await session.Query<Account>().Where(a => accountIds.Contains(a.Id) && a.State != AccountState.Retired)
                .Select(a => new { a.PersonId, a.Kind }).ToListAsync(ct))
            .ToDictionary(a => a.PersonId);
        var found = new Dictionary<string, AccountHolder>(StringComparer.Ordinal);
        foreach (var (key, person) in people)
        {
            if (!accounts.TryGetValue(person, out var account)) continue;
            foreach (var given in asked[key]) found[given] = new AccountHolder(person, account.Kind);
        }
        return found;
    }

    /// <summary>What the identifier is as <c>cred_identifiers</c> keeps it: 12 digits of an EduID, or a lower-case account name.</summary>
    public static (string Kind, string Value)? KeyOf(string? given)
    {
        if (string.IsNullOrWhiteSpace(given)) return null;
        if (EduId.Normalise(given.Trim()) is { } digits) return (IdentifierTable.EduIdKind, digits);
        var name = given.Trim().ToLowerInvariant();
        return name.Contains('@', StringComparison.Ordinal) ? (IdentifierTable.UsernameKind, name) : null;
    }

    private static string[] Values(Dictionary<(string Kind, string Value), List<string>> asked, string kind) =>
        [.. asked.Keys.Where(k => k.Kind == kind).Select(k => k.Value)];
}
