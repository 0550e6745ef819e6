using System.Globalization;
using System.Text;

namespace Emis.Platform.Text;

/// <summary>
/// Personal names folded to lower-case ASCII, for comparing names typed in different ways and for identifiers built from
/// names: Albanian, Bosnian/Croatian/Serbian and Turkish letters transliterated (ë→e, ç→c, č→c, ć→c, đ→dj, š→s, ž→z, ğ→g,
/// ı→i, ş→s, ö→o, ü→u), other accents dropped, apostrophes and symbols dropped, runs of spaces, hyphens or underscores
/// inside a name turned into one hyphen.
/// </summary>
public static class NameFolding
{
    /// <summary>"Shkëlzen" is "shkelzen", "Ana Marija" is "ana-marija", "O'Brien" is "obrien".</summary>
    public static string Fold(string name)
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

    /// <summary>
    /// Text folded for comparison and search, keeping its shape: lower case, accents and marks dropped, đ as dj (as d
    /// with <paramref name="plainD"/>), ı as i, ł as l, ß as ss; spaces and symbols stay.
    /// </summary>
    public static string ForComparison(string text, bool plainD = false)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(char.ToLowerInvariant(c) switch
            {
                'đ' => plainD ? "d" : "dj",
                'ı' => "i",
                'ł' => "l",
                'ß' => "ss",
                var lower => lower.ToString(),
            });
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
