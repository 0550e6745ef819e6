using System.Text.RegularExpressions;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;

namespace Emis.Learning;

/// <summary>The rules Learning's commands share: codes, school years, and who may act.</summary>
public static partial class Learning
{
    /// <summary>A code: 1–20 upper-case letters, digits, dots, hyphens or underscores.</summary>
    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static bool IsSchoolYear(string? text) => SchoolYear.IsValid(text);

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(IsSchoolYear).WithErrorCode(ErrorCodes.Invalid).WithMessage("The school year is written like 2025/2026.");

    public static UserError? MinistryOnly(Caller caller, string what) => caller.Role == Roles.MinistryAdmin
        ? null
        : new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not {what}; the ministry admin may.");

    /// <summary>The member of staff a teacher's token names (its subject), as Staffing's scopes read it (adr/0019).</summary>
    public static Guid? StaffIdOf(Caller caller) => Guid.TryParse(caller.Subject, out var id) ? id : null;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
