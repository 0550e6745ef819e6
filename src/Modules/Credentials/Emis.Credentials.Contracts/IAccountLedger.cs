using Emis.Platform.Events;

namespace Emis.Credentials.Contracts;

/// <summary>
/// What Credentials offers, synchronously, to the modules that register people in bulk (the learner import, later the
/// staff import): the identifiers already issued in a jurisdiction, and issuing accounts inside the importer's own
/// transaction, so that a person and their EduID commit together or not at all. Implemented by the Credentials module;
/// other modules see only this shape.
/// </summary>
public interface IAccountLedger
{
    /// <summary>Every identity issued in the jurisdiction, and its account domain.</summary>
    Task<IIssuedIdentifiers> LoadIssuedAsync(string jurisdiction, CancellationToken ct);

    /// <summary>
    /// Stages the accounts (their events, documents and unique reservations) in <paramref name="write"/>, and the
    /// message that provisions them once it has committed. A reservation that clashes fails the whole write.
    /// </summary>
    Task IssueAsync(BulkWrite write, IReadOnlyList<NewAccount> accounts, CancellationToken ct);

    /// <summary>
    /// Retires the accounts of people whose registration was undone (an import reverted, adr/0026), in the caller's
    /// session and transaction: their EduIDs and account names stay reserved and are never issued again, provisioning
    /// stops, and — through <paramref name="outbox"/>, once the transaction commits — their users in Microsoft 365 are
    /// disabled. People without an account, or already retired, are passed over. Returns the accounts retired.
    /// </summary>
    /// <param name="cause">Why, in words about the import, never about the person.</param>
    Task<int> RetireAsync(Marten.IDocumentSession session, Wolverine.IMessageBus outbox, IReadOnlyList<Guid> people, string cause,
        CancellationToken ct);
}
