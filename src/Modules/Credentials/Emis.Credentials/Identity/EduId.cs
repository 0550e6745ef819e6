using System.Security.Cryptography;

namespace Emis.Credentials.Identity;

/// <summary>
/// A person's EduID: 12 digits, 10 random ones (never derived from personal data, never sequential) followed by two
/// check digits by ISO 7064 MOD 97-10, so that the whole number modulo 97 is 1. Shown grouped: <c>1234 5678 9012</c>.
/// </summary>
public static class EduId
{
    /// <summary>A new random EduID (not yet checked for uniqueness: see <see cref="IssuedIdentifiers"/>).</summary>
    public static string New()
    {
        // 10 random digits, uniformly drawn; a leading zero is allowed (the id is text).
        Span<char> body = stackalloc char[10];
        for (var i = 0; i < body.Length; i++) body[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return WithCheckDigits(new string(body));
    }

    /// <summary>Appends the two ISO 7064 MOD 97-10 check digits to 10 digits.</summary>
    public static string WithCheckDigits(string tenDigits)
    {
        if (tenDigits.Length != 10 || !tenDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("An EduID body is 10 digits.", nameof(tenDigits));
        }
        var check = 98 - (int)(Mod97(tenDigits) * 100 % 97);
        return tenDigits + check.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the text is a well-formed EduID (spaces between the groups allowed).</summary>
    public static bool IsValid(string? text)
    {
        var digits = Normalise(text);
        return digits is not null && Mod97(digits) == 1;
    }

    /// <summary>The 12 digits without spaces, or null when the text is not 12 digits.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null) return null;
        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        return digits.Length == 12 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>Grouped for people to read: <c>1234 5678 9012</c>.</summary>
    public static string Grouped(string eduId) => $"{eduId[..4]} {eduId[4..8]} {eduId[8..]}";

    private static long Mod97(string digits)
    {
        long remainder = 0;
        foreach (var c in digits) remainder = (remainder * 10 + (c - '0')) % 97;
        return remainder;
    }
}
