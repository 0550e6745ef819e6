namespace Emis.Platform.Text;

/// <summary>ISO 4217 currency codes as every module stores them: three upper-case letters.</summary>
public static class CurrencyCode
{
    /// <summary>The code as stored (trimmed, upper case), or null when it is not three letters.</summary>
    public static string? Of(string? code) =>
        code?.Trim().ToUpperInvariant() is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? c : null;
}
