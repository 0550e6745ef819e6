using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class PageInfoGraphType : ObjectGraphType<object>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => ((IPageInfo)c.Source).HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(c => ((IPageInfo)c.Source).HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(c => ((IPageInfo)c.Source).StartCursor);
        Field<StringGraphType>("endCursor").Resolve(c => ((IPageInfo)c.Source).EndCursor);
    }
}

public interface IPageInfo
{
    bool HasNextPage { get; }
    bool HasPreviousPage { get; }
    string? StartCursor { get; }
    string? EndCursor { get; }
}

public sealed record PageInfoData(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor) : IPageInfo;
