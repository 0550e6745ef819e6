using System.Globalization;
using Emis.Platform.Text;

namespace Emis.Credentials.Identity;

/// <summary>
/// Account names as the product contract writes them: <c>name.surname@domain</c>; on a collision
/// <c>name.&lt;first letter of the parent's name&gt;.surname@domain</c>; then a number (<c>name.surname2</c>).
/// Lower-case ASCII, Albanian, Bosnian/Croatian/Serbian and Turkish letters transliterated, apostrophes dropped,
/// runs of spaces or hyphens inside a name turned into one hyphen.
/// </summary>
public static class Usernames
{
    /// <summary>The candidates in the order they are tried; the numbered ones go on for ever.</summary>
    public static IEnumerable<string> Candidates(string firstName, string? parentName, string lastName, string domain)
    {
        var first = Part(firstName);
        var last = Part(lastName);
        if (first.Length == 0) first = "user";
        if (last.Length == 0) last = "user";
        yield return $"{first}.{last}@{domain}";
        var parent = Part(parentName ?? "");
        if (parent.Length > 0 && char.IsAsciiLetter(parent[0])) yield return $"{first}.{parent[0]}.{last}@{domain}";
        for (var n = 2; ; n++) yield return $"{first}.{last}{n.ToString(CultureInfo.InvariantCulture)}@{domain}";
    }

    /// <summary>One name as it appears in an account name: "Shkëlzen" is "shkelzen", "Ana Marija" is "ana-marija".</summary>
    public static string Part(string name) => NameFolding.Fold(name);
}
