using Emis.Platform.Auth;
using Emis.Platform.Commands;
using GraphQL;

namespace Emis.Platform.GraphQL;

/// <summary>What every resolver knows about the request: the caller and the correlation id.</summary>
public sealed class EmisUserContext : Dictionary<string, object?>
{
    public EmisUserContext(Caller caller, string correlationId)
    {
        Caller = caller;
        CorrelationId = correlationId;
    }

    public Caller Caller { get; }
    public string CorrelationId { get; }

    /// <summary>
    /// Over a WebSocket, how many messages wait unsent for this connection's client (null over HTTP): a subscription
    /// that produces faster than the client reads (a replay) waits on it instead of overflowing the connection.
    /// </summary>
    public Func<int>? Backlog { get; init; }

    public CommandContext CommandContext(string? reason = null) =>
        new(Caller.Jurisdiction, Caller.Subject, Sources.Api, CorrelationId, reason);
}

public static class ResolveFieldContextExtensions
{
    /// <summary>The authenticated caller; the transports refuse anonymous requests before execution.</summary>
    public static Caller Caller(this IResolveFieldContext context) => context.EmisContext().Caller;

    public static EmisUserContext EmisContext(this IResolveFieldContext context) =>
        context.UserContext as EmisUserContext
        ?? throw new ExecutionError("Authentication required.") { Code = "UNAUTHENTICATED" };

    /// <summary>Refuses the field unless the caller holds one of the roles.</summary>
    public static Caller RequireRole(this IResolveFieldContext context, params string[] roles)
    {
        var caller = context.Caller();
        if (!roles.Contains(caller.Role))
        {
            throw new ExecutionError($"The role '{caller.Role}' may not use '{context.FieldDefinition.Name}'.") { Code = "FORBIDDEN" };
        }
        return caller;
    }
}
