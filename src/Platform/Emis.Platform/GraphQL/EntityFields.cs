using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>Applies every feature's entity fields.</summary>
public static class EntityFields
{
    public static void AddTo<T>(this IEnumerable<IEntityFields> features, ObjectGraphType<T> type, Func<T, Guid> id)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var feature in features) feature.AddTo(type, id);
    }
}
