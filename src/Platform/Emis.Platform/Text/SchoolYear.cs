using System.Globalization;

namespace Emis.Platform.Text;

/// <summary>School years are written <c>2025/2026</c>: two consecutive calendar years, from 1 September to 31 August. Every module
/// reads them alike.</summary>
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

    /// <summary>The first and last day of a school year (1 September to 31 August).</summary>
    public static (DateOnly From, DateOnly To) Days(string year) => TryParse(year, out var start)
        ? (new DateOnly(start, 9, 1), new DateOnly(start + 1, 8, 31))
        : throw new ArgumentException($"'{year}' is not a school year.", nameof(year));

    public const string FormatMessage = "A school year is written as two consecutive years, e.g. 2025/2026.";
}
