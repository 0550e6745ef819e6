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
}
