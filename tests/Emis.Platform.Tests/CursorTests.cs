using System.Text;
using Emis.Platform.GraphQL;

namespace Emis.Platform.Tests;

/// <summary>Page cursors: what the API issues is read back; anything else is refused, never turned into a negative offset.</summary>
public sealed class CursorTests
{
    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("o:0", 1)]
    [InlineData("o:49", 50)]
    [InlineData("o:2147483646", int.MaxValue)]
    public void a_cursor_the_api_issued_gives_the_next_offset(string cursor, int next) => Assert.Equal(next, Cursor.OffsetAfter(Encode(cursor)));

    [Theory]
    [InlineData("o:2147483647")]
    [InlineData("o:-1")]
    [InlineData("o:99999999999")]
    [InlineData("x:1")]
    public void any_other_cursor_is_refused(string cursor) =>
        Assert.Equal("INVALID_CURSOR", Assert.Throws<global::GraphQL.ExecutionError>(() => Cursor.OffsetAfter(Encode(cursor))).Code);

    [Fact]
    public void text_that_is_not_base64_is_refused() =>
        Assert.Equal("INVALID_CURSOR", Assert.Throws<global::GraphQL.ExecutionError>(() => Cursor.OffsetAfter("not a cursor!")).Code);
}
