using System.Globalization;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using FluentValidation;

namespace Emis.Assets;

/// <summary>The rules Assets' commands share.</summary>
public static class Assets
{
    public static bool IsSchoolYear(string? text) =>
        text is { Length: 9 } && text[4] == '/'
        && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
        && int.TryParse(text.AsSpan(5, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end == start + 1;

    /// <summary>The school year a date falls in (from 1 September).</summary>
    public static string SchoolYearOf(DateOnly date)
    {
        var start = date.Month >= 9 ? date.Year : date.Year - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{start}/{start + 1}");
    }

    /// <summary>The first and last day of a school year written 2025/2026 (1 September to 31 August).</summary>
    public static (DateOnly From, DateOnly To) DaysOf(string schoolYear)
    {
        var start = int.Parse(schoolYear.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        return (new DateOnly(start, 9, 1), new DateOnly(start + 1, 8, 31));
    }

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(IsSchoolYear).WithErrorCode(ErrorCodes.Invalid).WithMessage("The school year is written like 2025/2026.");

    public static IRuleBuilderOptions<T, string> Reason<T>(this IRuleBuilder<T, string> rule, string example) => rule
        .NotEmpty().WithMessage($"Say why ({example}).")
        .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");

    /// <summary>An ISO 4217 currency code as stored (three upper-case letters), or null when it is not one.</summary>
    public static string? Currency(string? code) =>
        code?.Trim().ToUpperInvariant() is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? c : null;

    public static SchoolPlace PlaceOf(AssetsSchool school) => new(school.Id, school.Code, school.Municipality, school.Level);
}
