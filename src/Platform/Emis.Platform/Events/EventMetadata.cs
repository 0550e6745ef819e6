using Emis.Platform.Commands;
using Marten;
using Wolverine;

namespace Emis.Platform.Events;

/// <summary>Names of the headers every event carries besides Marten's correlation and causation ids.</summary>
public static class EventHeaders
{
    public const string Jurisdiction = "jurisdiction";
    public const string Actor = "actor";
    public const string Reason = "reason";
    public const string Source = "source";
}

/// <summary>
/// Wolverine middleware for every handler: copies the command's context from the envelope onto the Marten
/// session, so every event appended carries jurisdiction, actor, reason, source, correlation and causation ids.
/// </summary>
public static class EventMetadataMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        var actor = Header(envelope, CommandContext.ActorHeader) ?? "system";
        session.LastModifiedBy = actor;
        session.CorrelationId = envelope.CorrelationId;
        session.CausationId = envelope.Id.ToString();
        session.SetHeader(EventHeaders.Jurisdiction, session.TenantId);
        session.SetHeader(EventHeaders.Actor, actor);
        session.SetHeader(EventHeaders.Source, Header(envelope, CommandContext.SourceHeader) ?? Sources.Sync);
        var reason = Header(envelope, CommandContext.ReasonHeader);
        if (reason is not null) session.SetHeader(EventHeaders.Reason, reason);
    }

    private static string? Header(Envelope envelope, string name) =>
        envelope.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
