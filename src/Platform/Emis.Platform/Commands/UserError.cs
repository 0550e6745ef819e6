namespace Emis.Platform.Commands;

/// <summary>A validation or rule failure, returned to the caller as data in a mutation payload.</summary>
/// <param name="Code">Stable, machine-readable code (SCREAMING_SNAKE_CASE).</param>
/// <param name="Field">The input field at fault, in the caller's (camelCase) naming; null when the whole request is at fault.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record UserError(string Code, string? Field, string Message);
