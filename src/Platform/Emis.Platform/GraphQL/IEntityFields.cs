using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>
/// Fields a cross-module feature offers on every entity type (the audit trail's <c>auditTrail</c>), without the module
/// that owns the type referencing the feature. An entity's graph type takes every <see cref="IEntityFields"/> in its
/// constructor and calls <see cref="AddTo{T}"/> where the fields belong.
/// </summary>
public interface IEntityFields
{
    /// <summary>Adds the feature's fields to an entity's type; <paramref name="id"/> is the entity's stream id.</summary>
    void AddTo<T>(ObjectGraphType<T> type, Func<T, Guid> id);
}
