using Emis.Platform.Commands;
using Marten;
using Wolverine;

namespace Emis.Platform.Events;

/// <summary>
/// Wolverine middleware for every command handler: copies the command's context from the envelope onto the Marten
/// session as event headers (jurisdiction, actor, reason, source). Wolverine itself sets the session's correlation and
/// causation ids from the envelope.
/// </summary>
public static class EventMetadataMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        session.SetHeader(EventHeaders.Jurisdiction, session.TenantId);
        session.SetHeader(EventHeaders.Actor, Header(envelope, CommandContext.ActorHeader) ?? "system");
        session.SetHeader(EventHeaders.Source, Header(envelope, CommandContext.SourceHeader) ?? Sources.Sync);
        var reason = Header(envelope, CommandContext.ReasonHeader);
        if (reason is not null) session.SetHeader(EventHeaders.Reason, Sealed(envelope.Message, session, reason));
    }

    // A reason given for a change about a person is about that person: sealed with their key, it is erased with them (adr/0024).
    private static string Sealed(object? command, IDocumentSession session, string reason)
    {
        if (command is null || Privacy.PersonalDataEncryption.KeysOf(session.DocumentStore) is not { } keys) return reason;
        return Privacy.ErasableFields.PersonIdOf(command) is { } person ? Privacy.PersonalDataConverter.SealText(keys, person, reason) : reason;
    }

    private static string? Header(Envelope envelope, string name) =>
        envelope.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
