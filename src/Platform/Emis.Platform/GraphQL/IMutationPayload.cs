using Emis.Platform.Commands;

namespace Emis.Platform.GraphQL;

/// <summary>A mutation's payload: what changed, or the <see cref="UserError"/>s that say why nothing did.</summary>
public interface IMutationPayload<TSelf> where TSelf : IMutationPayload<TSelf>
{
    /// <summary>Empty when the mutation succeeded.</summary>
    IReadOnlyList<UserError> Errors { get; }

    /// <summary>The payload of a refused mutation: nothing changed, only the errors.</summary>
    static abstract TSelf Refused(IReadOnlyList<UserError> errors);
}
