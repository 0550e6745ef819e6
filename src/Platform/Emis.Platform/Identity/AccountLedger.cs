using Emis.Platform.Events;

namespace Emis.Platform.Identity;

/// <summary>Whose identity an account is.</summary>
public enum PersonKind
{
    Learner,
    Staff,
}

/// <summary>The identity a person was issued: their EduID and account name.</summary>
public sealed record PersonIdentity(Guid PersonId, string EduId, string Username);

/// <summary>An account to issue, with what provisioning and School Data Sync need to know about its holder.</summary>
public sealed record NewAccount(
    Guid PersonId,
    PersonKind Kind,
    string EduId,
    string Username,
    string FirstName,
    string LastName,
    Guid SchoolId,
    string SchoolCode,
    string SchoolYear,
    int? Grade)
{
    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => $"NewAccount {{ PersonId = {PersonId} }}";
}

/// <summary>
/// Every EduID and account name already issued in a jurisdiction, and the next free ones. Not thread-safe: one
/// import holds one.
/// </summary>
public sealed class IssuedIdentifiers
{
    private readonly HashSet<string> _eduIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usernames = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, PersonIdentity> _byPerson = [];

    public IssuedIdentifiers(string domain, IEnumerable<PersonIdentity> issued)
    {
        Domain = domain;
        foreach (var identity in issued) Add(identity);
    }

    /// <summary>The domain account names are issued in, configured per jurisdiction.</summary>
    public string Domain { get; }

    public int Count => _byPerson.Count;

    /// <summary>The identity already issued to a person, if any.</summary>
    public PersonIdentity? Of(Guid personId) => _byPerson.GetValueOrDefault(personId);

    /// <summary>A new EduID, different from every one already issued.</summary>
    public string NextEduId()
    {
        while (true)
        {
            var candidate = EduId.New();
            if (_eduIds.Add(candidate)) return candidate;
        }
    }

    /// <summary>The first free account name by the naming rules, now taken.</summary>
    public string NextUsername(string firstName, string? parentName, string lastName)
    {
        foreach (var candidate in Usernames.Candidates(firstName, parentName, lastName, Domain))
        {
            if (_usernames.Add(candidate)) return candidate;
        }
        throw new InvalidOperationException("unreachable: the candidates never end");
    }

    /// <summary>Records an identity already issued.</summary>
    public void Add(PersonIdentity identity)
    {
        _eduIds.Add(identity.EduId);
        _usernames.Add(identity.Username);
        _byPerson[identity.PersonId] = identity;
    }
}

/// <summary>
/// What Credentials offers the modules that register people in bulk (the learner import): the identifiers already
/// issued, and issuing accounts inside the importer's own transaction. Implemented by the Credentials module; the
/// platform holds only the shape, so that no module references another's internals.
/// </summary>
public interface IAccountLedger
{
    /// <summary>Every identity issued in the jurisdiction, and its account domain.</summary>
    Task<IssuedIdentifiers> LoadIssuedAsync(string jurisdiction, CancellationToken ct);

    /// <summary>
    /// Stages the accounts (their events, documents and unique reservations) in <paramref name="write"/>, and the
    /// message that provisions them once it has committed. A reservation that clashes fails the whole write.
    /// </summary>
    Task IssueAsync(BulkWrite write, IReadOnlyList<NewAccount> accounts, CancellationToken ct);
}
