using System.Text.RegularExpressions;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;

namespace Emis.Curriculum;

/// <summary>The rules Curriculum's commands share: codes, school years, letters, and who may act.</summary>
public static partial class CurriculumRules
{
    public const int MaxNameLength = 120;

    /// <summary>A code: 1–20 upper-case letters, digits, dots, hyphens or underscores (MATH, BOS-LIT, ISCED1).</summary>
    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static string Code(string code) => code.Trim().ToUpperInvariant();

    public static bool IsSchoolYear(string? text) => StartOf(text) is not null;

    /// <summary>The first calendar year of a school year written 2025/2026; null when it is not one.</summary>
    public static int? StartOf(string? text) => SchoolYear.TryParse(text, out var start) ? start : null;

    public static string NextYear(string year) => SchoolYear.Next(year);

    /// <summary>A section's letter: 1–10 letters or digits (A, 2, B1).</summary>
    public static bool IsLetter(string? letter) => letter is not null && LetterPattern().IsMatch(letter.Trim());

    public static bool IsLanguage(string? code) => code is not null && LanguagePattern().IsMatch(code);

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(IsSchoolYear).WithErrorCode(ErrorCodes.Invalid).WithMessage("The school year is written like 2025/2026.");

    public static IRuleBuilderOptions<T, string> CodeText<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The {what} code is required.")
        .Must(c => IsCode(Code(c))).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A {what} code is 1 to 20 letters, digits, dots, hyphens or underscores (e.g. MATH).");

    public static IRuleBuilderOptions<T, string> NameText<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The {what} name is required.")
        .MaximumLength(MaxNameLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"A {what} name is at most {MaxNameLength} characters.");

    /// <summary>The ministry owns the education structure, the curricula and the approved list.</summary>
    public static UserError? MinistryOnly(Caller caller, string what) => caller.Role == Roles.MinistryAdmin
        ? null
        : new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not {what}; the ministry admin may.");

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[\\p{L}\\p{Nd}]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex LetterPattern();

    [GeneratedRegex("^[a-z]{2,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
