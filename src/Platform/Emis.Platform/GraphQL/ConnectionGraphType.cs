using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>A Relay connection over a <see cref="Page{T}"/>: <c>edges { cursor node }</c>, <c>pageInfo</c>, <c>totalCount</c>.</summary>
public sealed class ConnectionGraphType<TNodeGraphType, T> : ObjectGraphType<Page<T>>
    where TNodeGraphType : IGraphType
{
    public ConnectionGraphType()
    {
        var node = typeof(TNodeGraphType).Name.Replace("GraphType", "", StringComparison.Ordinal);
        Name = node + "Connection";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("All items matching the filter, ignoring pagination.")
            .Resolve(c => c.Source.TotalCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeGraphType, T>>>>>("edges")
            .Resolve(c => c.Source.Nodes.Select((n, i) => new EdgeData<T>(Cursor.For(c.Source.Offset + i), n)).ToList());
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => new PageInfoData(
            c.Source.HasNextPage,
            c.Source.HasPreviousPage,
            c.Source.Nodes.Count == 0 ? null : Cursor.For(c.Source.Offset),
            c.Source.Nodes.Count == 0 ? null : Cursor.For(c.Source.Offset + c.Source.Nodes.Count - 1)));
    }
}
