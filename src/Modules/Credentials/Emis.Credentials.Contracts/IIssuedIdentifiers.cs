namespace Emis.Credentials.Contracts;

/// <summary>
/// Every EduID and account name already issued in a jurisdiction, and the next free ones by Credentials' rules (EduID:
/// 10 random digits and 2 ISO 7064 check digits; account names <c>name.surname@domain</c> and its collision forms).
/// Not thread-safe: one import holds one.
/// </summary>
public interface IIssuedIdentifiers
{
    /// <summary>The domain account names are issued in, configured per jurisdiction.</summary>
    string Domain { get; }

    int Count { get; }

    /// <summary>The identity already issued to a person, if any.</summary>
    PersonIdentity? Of(Guid personId);

    /// <summary>A new EduID, different from every one already issued.</summary>
    string NextEduId();

    /// <summary>The first free account name by the naming rules, now taken.</summary>
    string NextUsername(string firstName, string? parentName, string lastName);

    /// <summary>Records an identity already issued.</summary>
    void Add(PersonIdentity identity);
}
