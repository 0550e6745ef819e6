using System.Globalization;
using System.Text;

namespace Emis.Platform.Identity;

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
    public static string Part(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        var pendingHyphen = false;
        foreach (var raw in name.Trim())
        {
            var c = char.ToLowerInvariant(raw);
            if (c is ' ' or '-' or '\u2010' or '\u2011' or '\u2013' or '_' || char.IsWhiteSpace(c))
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }
            var ascii = Transliterate(c);
            if (ascii.Length == 0) continue;
            if (pendingHyphen) builder.Append('-');
            pendingHyphen = false;
            builder.Append(ascii);
        }
        return builder.ToString();
    }

    /// <summary>The ASCII spelling of one lower-case letter ("" for anything that is not a letter or digit).</summary>
    public static string Transliterate(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        'ë' or 'é' or 'è' or 'ê' => "e",
        'ç' or 'č' or 'ć' => "c",
        'đ' => "dj",
        'š' or 'ş' => "s",
        'ž' => "z",
        'ğ' => "g",
        'ı' or 'î' or 'í' or 'ì' or 'ï' => "i",
        'ö' or 'ó' or 'ò' or 'ô' => "o",
        'ü' or 'ú' or 'ù' or 'û' => "u",
        'ǆ' => "dz",
        'ǉ' => "lj",
        'ǌ' => "nj",
        'ß' => "ss",
        _ => Decomposed(c),
    };

    // Any other accented Latin letter loses its accent; anything else (apostrophes, symbols) is dropped.
    private static string Decomposed(char c)
    {
        var basic = c.ToString().Normalize(NormalizationForm.FormD)[0];
        return basic is >= 'a' and <= 'z' ? basic.ToString() : "";
    }
}
