using System.Globalization;
using System.Text;

namespace Emis.Platform.GraphQL;

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
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                // The last int is no cursor this API issues (the next offset would overflow into a negative one).
                && offset < int.MaxValue)
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
