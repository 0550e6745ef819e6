using FluentValidation;

namespace Emis.Platform.Commands;

public static class CommandValidation
{
    public static async Task ValidateAsync<T>(IValidator<T> validator, T message, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(message, cancellationToken);
        if (result.IsValid) return;
        throw new CommandRejectedException([.. result.Errors
            .Select(e => new UserError(
                string.IsNullOrEmpty(e.ErrorCode) || e.ErrorCode.EndsWith("Validator", StringComparison.Ordinal) ? CodeFor(e.ErrorCode) : e.ErrorCode,
                CamelCase(e.PropertyName),
                e.ErrorMessage))]);
    }

    private static string CodeFor(string? validatorName) => validatorName switch
    {
        "NotEmptyValidator" or "NotNullValidator" => ErrorCodes.Required,
        _ => ErrorCodes.Invalid,
    };

    /// <summary>"Languages[0]" becomes "languages[0]"; "Address.Street" becomes "address.street".</summary>
    public static string? CamelCase(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath)) return null;
        return string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
    }
}
