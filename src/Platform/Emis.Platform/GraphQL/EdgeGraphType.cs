using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed record EdgeData<T>(string Cursor, T Node);

/// <summary><c>{Node}Edge { cursor node }</c>.</summary>
public sealed class EdgeGraphType<TNodeGraphType, T> : ObjectGraphType<object>
    where TNodeGraphType : IGraphType
{
    public EdgeGraphType()
    {
        var node = typeof(TNodeGraphType).Name.Replace("GraphType", "", StringComparison.Ordinal);
        Name = node + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => ((EdgeData<T>)c.Source).Cursor);
        Field<NonNullGraphType<TNodeGraphType>>("node").Resolve(c => ((EdgeData<T>)c.Source).Node);
    }
}
