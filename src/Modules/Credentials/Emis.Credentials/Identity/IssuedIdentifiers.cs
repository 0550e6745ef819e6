using Emis.Credentials.Contracts;

namespace Emis.Credentials.Identity;

/// <summary>Every EduID and account name already issued in a jurisdiction, and the next free ones.</summary>
public sealed class IssuedIdentifiers : IIssuedIdentifiers
{
    private readonly HashSet<string> _eduIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usernames = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, PersonIdentity> _byPerson = [];

    public IssuedIdentifiers(string domain, IEnumerable<PersonIdentity> issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        Domain = domain;
        foreach (var identity in issued) Add(identity);
    }

    public string Domain { get; }

    public int Count => _byPerson.Count;

    public PersonIdentity? Of(Guid personId) => _byPerson.GetValueOrDefault(personId);

    public string NextEduId()
    {
        while (true)
        {
            var candidate = EduId.New();
            if (_eduIds.Add(candidate)) return candidate;
        }
    }

    public string NextUsername(string firstName, string? parentName, string lastName)
    {
        foreach (var candidate in Usernames.Candidates(firstName, parentName, lastName, Domain))
        {
            if (_usernames.Add(candidate)) return candidate;
        }
        throw new InvalidOperationException("unreachable: the candidates never end");
    }

    public void Add(PersonIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _eduIds.Add(identity.EduId);
        _usernames.Add(identity.Username);
        _byPerson[identity.PersonId] = identity;
    }
}
