using System.Globalization;
using System.Text;
using GraphQL;

namespace Emis.Features.AuditTrail;

public static class SequenceCursor
{
    public static string For(long sequence) => Convert.ToBase64String(Encoding.UTF8.GetBytes("s:" + sequence.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The sequence number inside the cursor (0 for none), or an error naming the argument.</summary>
    public static long Parse(string? after)
    {
        if (string.IsNullOrEmpty(after)) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            if (text.StartsWith("s:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
            // falls through to the error below
        }
        throw new ExecutionError($"'after' is not a cursor this API issued: '{after}'.") { Code = "INVALID_CURSOR" };
    }
}
