using System.Globalization;
using System.Text;
using Emis.Platform.Commands;
using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class UserErrorGraphType : ObjectGraphType<UserError>
{
    public UserErrorGraphType()
    {
        Name = "UserError";
        Description = "A validation or rule failure. Mutations return these as data; nothing was written.";
        Field(x => x.Code).Description("Stable machine-readable code, e.g. REQUIRED, DUPLICATE, CONCURRENCY_CONFLICT.");
        Field(x => x.Field, nullable: true).Description("The input field at fault (camelCase path), or null.");
        Field(x => x.Message).Description("What is wrong, in a sentence a person can act on.");
    }
}

/// <summary>A page of a Relay connection.</summary>
public sealed record Page<T>(IReadOnlyList<T> Nodes, int Offset, int TotalCount)
{
    public bool HasNextPage => Offset + Nodes.Count < TotalCount;
    public bool HasPreviousPage => Offset > 0;
}

/// <summary>Offset cursors for small, stable lists (opaque to clients, so they can become keyset cursors later).</summary>
public static class Cursor
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static string For(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset after the cursor, or an error naming the argument.</summary>
    public static int OffsetAfter(string? after)
    {
        if (string.IsNullOrEmpty(after)) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            if (text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset + 1;
            }
        }
        catch (FormatException)
        {
            // falls through to the error below
        }
        throw new global::GraphQL.ExecutionError($"'after' is not a cursor this API issued: '{after}'.") { Code = "INVALID_CURSOR" };
    }

    public static int PageSize(int? first) => first switch
    {
        null => DefaultPageSize,
        < 0 => throw new global::GraphQL.ExecutionError("'first' must not be negative.") { Code = "INVALID_ARGUMENT" },
        > MaxPageSize => throw new global::GraphQL.ExecutionError($"'first' may be at most {MaxPageSize}.") { Code = "INVALID_ARGUMENT" },
        _ => first.Value,
    };
}

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
