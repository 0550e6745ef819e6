using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Text;
using FluentValidation;

namespace Emis.Assets;

/// <summary>The rules Assets' commands share.</summary>
public static class Assets
{
    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(SchoolYear.IsValid).WithErrorCode(ErrorCodes.Invalid).WithMessage(SchoolYear.FormatMessage);

    public static IRuleBuilderOptions<T, string> Reason<T>(this IRuleBuilder<T, string> rule, string example) => rule
        .NotEmpty().WithMessage($"Say why ({example}).")
        .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");

    public static SchoolPlace PlaceOf(AssetsSchool school) => new(school.Id, school.Code, school.Municipality, school.Level);
}
