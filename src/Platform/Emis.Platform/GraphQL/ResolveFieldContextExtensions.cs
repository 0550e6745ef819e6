using Emis.Platform.Auth;
using GraphQL;

namespace Emis.Platform.GraphQL;

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
