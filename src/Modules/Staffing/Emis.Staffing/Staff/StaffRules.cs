using System.Text.RegularExpressions;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;

namespace Emis.Staffing.Staff;

/// <summary>Rules about members of staff shared by several commands.</summary>
public static partial class StaffRules
{
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 200;

    /// <summary>The youngest age at which someone may be employed at a school.</summary>
    public const int MinimumWorkingAge = 16;

    /// <summary>The most weekly hours one assignment may carry.</summary>
    public const decimal MaxWeeklyHours = 40m;

    /// <summary>Stray and doubled spaces go; every letter stays exactly as written (<see cref="PersonNames.Clean"/>).</summary>
    public static string CleanName(string name) => PersonNames.Clean(name);

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : CleanName(text);

    /// <summary>Letters of any script, joined by single spaces, hyphens or apostrophes.</summary>
    public static bool IsName(string? name) => PersonNames.IsName(name);

    public static string CleanSection(string section) => section.Trim().ToUpperInvariant();

    public static bool IsSection(string? section) => section is not null && SectionPattern().IsMatch(section.Trim());

    public static bool IsSchoolYear(string? year) =>
        year is not null && SchoolYearPattern().Match(year.Trim()) is { Success: true } m
        && int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            == int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;

    public static bool IsLanguageCode(string? code) => code is not null && LanguagePattern().IsMatch(code.Trim());

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    public static bool IsPhone(string? phone) => PersonNames.IsPhone(phone);

    public static StaffContacts Clean(StaffContacts contacts) => new(
        string.IsNullOrWhiteSpace(contacts.Email) ? null : contacts.Email.Trim(),
        string.IsNullOrWhiteSpace(contacts.Phone) ? null : contacts.Phone.Trim());

    public static IReadOnlyList<string> CleanLanguages(IEnumerable<string> languages) =>
        [.. languages.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];

    public static IRuleBuilderOptions<T, string> PersonName<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The {what} is required.")
        .MaximumLength(MaxNameLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"The {what} may be at most {MaxNameLength} characters.")
        .Must(IsName).WithErrorCode(ErrorCodes.Invalid)
        // Messages never repeat the value: refusals are logged, and a name must not reach a log.
        .WithMessage($"The {what} may contain only letters, with single spaces, hyphens or apostrophes between them.");

    public static IRuleBuilderOptions<T, string> ShortText<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The {what} is required.")
        .MaximumLength(MaxTextLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"The {what} may be at most {MaxTextLength} characters.");

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(IsSchoolYear).WithErrorCode(ErrorCodes.Invalid).WithMessage("The school year is written like 2025/2026.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>> LanguageCodes<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) => rule
        .NotNull().WithMessage("The languages taught in are required (may be empty).")
        .Must(l => l.All(IsLanguageCode)).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage("Languages are ISO 639 codes of 2 or 3 lower-case letters (sq, bs, hr, sr, tr).");

    public static void ContactRules<T>(AbstractValidator<T> validator, Func<T, StaffContacts> contacts)
    {
        validator.RuleFor(x => contacts(x).Email).EmailAddress().WithErrorCode(ErrorCodes.Invalid).OverridePropertyName("contacts.email")
            .WithMessage("The email is not an email address.");
        validator.RuleFor(x => contacts(x).Phone).Must(IsPhone).WithErrorCode(ErrorCodes.Invalid).OverridePropertyName("contacts.phone")
            .WithMessage("The phone is not a phone number (digits, optionally a leading +).");
    }

    [GeneratedRegex(@"^[\p{L}\d]{1,10}$")]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"^(\d{4})/(\d{4})$")]
    private static partial Regex SchoolYearPattern();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();
}
