using Marten;

namespace Emis.Platform.Privacy;

/// <summary>What one module holds about a person, and until when the law has it keep it.</summary>
/// <param name="Holder">The module's name (<c>enrollment</c>, <c>staffing</c>, <c>credentials</c>).</param>
/// <param name="Active">Whether the person is still in school or employed: retention has not started.</param>
/// <param name="RetainedUntil">The first day the module's retention rule allows erasure (null: the module has no rule of its own).</param>
public sealed record PersonHeld(string Holder, bool Active, DateOnly? RetainedUntil);

/// <summary>
/// A module that keeps personal data about people: it says whether it knows a person, and erases what it keeps outside
/// the event log once the person's key is gone. Implemented by each module and registered as a service; the erasure
/// (adr/0024) asks them all, in the jurisdiction's session.
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>Whether the module knows the person in the session's jurisdiction (null: it does not).</summary>
    Task<PersonHeld?> FindAsync(IQuerySession session, Guid person, CancellationToken ct);

    /// <summary>
    /// Rewrites the module's read models of the person from their events, whose personal fields now read as erased, and
    /// erases the copies it keeps elsewhere (import reports). Writes through the session, which commits with the
    /// destruction of the key; the key already reads as destroyed.
    /// </summary>
    Task EraseAsync(IDocumentSession session, Guid person, CancellationToken ct);
}
