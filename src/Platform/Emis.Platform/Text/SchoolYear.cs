using System.Globalization;

namespace Emis.Enrollment.Schools;

/// <summary>School years are written <c>2025/2026</c>: two consecutive calendar years.</summary>
public static class SchoolYear
{
    public static bool IsValid(string? text) => TryParse(text, out _);

    public static bool TryParse(string? text, out int startYear)
    {
        startYear = 0;
        if (text is null || text.Length != 9 || text[4] != '/') return false;
        return int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out startYear)
            && int.TryParse(text.AsSpan(5, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && end == startYear + 1 && startYear is >= 1950 and <= 2200;
    }

    public static string Next(string year)
    {
        if (!TryParse(year, out var start)) throw new ArgumentException($"'{year}' is not a school year.", nameof(year));
        return string.Create(CultureInfo.InvariantCulture, $"{start + 1}/{start + 2}");
    }

    public const string FormatMessage = "A school year is written as two consecutive years, e.g. 2025/2026.";
}
