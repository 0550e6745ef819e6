using System.Text.RegularExpressions;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;

namespace Emis.Enrollment.Learners;

/// <summary>Rules about learners shared by several commands.</summary>
public static partial class LearnerRules
{
    public const int MaxNameLength = 100;
    public const int MaxSectionLength = 10;
    public const int ContactsOfTheirOwnFromAge = 13;

    /// <summary>Stray and doubled spaces go; every letter stays exactly as written (<see cref="PersonNames.Clean"/>).</summary>
    public static string CleanName(string name) => PersonNames.Clean(name);

    /// <summary>Letters of any script, joined by single spaces, hyphens or apostrophes.</summary>
    public static bool IsName(string? name) => PersonNames.IsName(name);

    public static string CleanSection(string section) => section.Trim().ToUpperInvariant();

    public static bool IsSection(string? section) => section is not null && SectionPattern().IsMatch(section.Trim());

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    public static bool IsLanguageCode(string? code) => code is not null && LanguagePattern().IsMatch(code.Trim());

    public static IRuleBuilderOptions<T, string> PersonName<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The learner's {what} is required.")
        .MaximumLength(MaxNameLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"The {what} may be at most {MaxNameLength} characters.")
        .Must(IsName).WithErrorCode(ErrorCodes.Invalid)
        // Messages never repeat the value: refusals are logged, and a child's name must not reach a log.
        .WithMessage($"The {what} may contain only letters, with single spaces, hyphens or apostrophes between them.");

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(SchoolYear.IsValid).WithErrorCode(ErrorCodes.Invalid).WithMessage(SchoolYear.FormatMessage);

    public static IRuleBuilderOptions<T, int> GradeNumber<T>(this IRuleBuilder<T, int> rule) => rule
        .InclusiveBetween(GradeRange.Lowest, GradeRange.Highest).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A grade is a number from {GradeRange.Lowest} to {GradeRange.Highest}.");

    public static IRuleBuilderOptions<T, string> SectionName<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The class section is required (e.g. A).")
        .Must(IsSection).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A class section is 1 to {MaxSectionLength} letters or digits (e.g. A, 2, B1).");

    [GeneratedRegex(@"^[\p{L}\d]{1,10}$")]
    private static partial Regex SectionPattern();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();
}
