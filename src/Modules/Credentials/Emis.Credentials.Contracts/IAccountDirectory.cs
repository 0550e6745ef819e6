namespace Emis.Credentials.Contracts;

/// <summary>The person an EduID or account name was issued to, and whose identity it is (a learner's or a member of staff's).</summary>
public sealed record AccountHolder(Guid PersonId, PersonKind Kind);

/// <summary>
/// What Credentials offers, synchronously, to a module that meets people by their identifiers (Learning's xAPI statements,
/// whose actors are EduIDs or account names): who holds an identifier. Implemented by the Credentials module.
/// </summary>
public interface IAccountDirectory
{
    /// <summary>
    /// The holder of an EduID (12 digits, spaces between the groups allowed) or an account name (the user principal name, in
    /// any case) in the jurisdiction; null when none was issued there, or the account was retired (its person's registration
    /// undone).
    /// </summary>
    Task<AccountHolder?> PersonOfAsync(string jurisdiction, string eduIdOrAccountName, CancellationToken ct);

    /// <summary>As <see cref="PersonOfAsync"/> for many identifiers at once (two reads): the holders found, by identifier as given.</summary>
    Task<IReadOnlyDictionary<string, AccountHolder>> PeopleOfAsync(string jurisdiction, IReadOnlyCollection<string> eduIdsOrAccountNames,
        CancellationToken ct);
}
