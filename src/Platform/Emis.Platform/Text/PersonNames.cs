using System.Text;
using System.Text.RegularExpressions;

namespace Emis.Platform.Text;

/// <summary>How every module keeps a person's names and checks their contacts: letter for letter, spaces tidied.</summary>
public static partial class PersonNames
{
    /// <summary>Stray and doubled spaces go; every letter stays exactly as written (ë, ç, č, ć, đ, š, ž, ğ, ı, ş).</summary>
    public static string Clean(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Letters of any script, joined by single spaces, hyphens or apostrophes.</summary>
    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(Clean(name));

    /// <summary>A phone number as people write it: 6 to 15 digits, spaces, hyphens, parentheses, a leading +; blank is fine.</summary>
    public static bool IsPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return true;
        var text = phone.Trim();
        var digits = text.Count(char.IsAsciiDigit);
        return digits is >= 6 and <= 15 && text.All(
            c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' || (c == '+' && text.IndexOf('+') == 0));
    }

    [GeneratedRegex(@"^\p{L}[\p{L}\p{M}]*(?:[ '’\-.]\p{L}[\p{L}\p{M}]*)*\.?$")]
    private static partial Regex NamePattern();
}
