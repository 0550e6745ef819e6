using Emis.Platform.Auth;

namespace Emis.Platform.Commands;

/// <summary>
/// Who may send a command of type <typeparamref name="TCommand"/>: a use case's rule about who may do what, kept beside
/// its handler (not in the GraphQL field) and checked before the command is sent. Register with
/// <see cref="CommandPolicyRegistration.AddCommandPoliciesFrom{TMarker}"/>.
/// </summary>
public interface ICommandPolicy<in TCommand>
{
    /// <summary>Null when the caller may send the command; otherwise the refusal to return, nothing sent.</summary>
    Task<UserError?> AuthorizeAsync(Caller caller, TCommand command, CancellationToken ct);
}
