using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Platform.GraphQL;

/// <summary>What every resolver knows about the request: the caller and the correlation id.</summary>
public sealed class EmisUserContext(Caller caller, string correlationId) : Dictionary<string, object?>
{
    public Caller Caller { get; } = caller;
    public string CorrelationId { get; } = correlationId;

    /// <summary>
    /// Over a WebSocket, how many messages wait unsent for this connection's client (null over HTTP): a subscription
    /// that produces faster than the client reads (a replay) waits on it instead of overflowing the connection.
    /// </summary>
    public Func<int>? Backlog { get; init; }

    public CommandContext CommandContext(string? reason = null) =>
        new(Caller.Jurisdiction, Caller.Subject, Sources.Api, CorrelationId, reason);
}
