namespace Emis.Platform.Commands;

/// <summary>A validation or rule failure, returned to the caller as data in a mutation payload.</summary>
/// <param name="Code">Stable, machine-readable code (SCREAMING_SNAKE_CASE).</param>
/// <param name="Field">The input field at fault, in the caller's (camelCase) naming; null when the whole request is at fault.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record UserError(string Code, string? Field, string Message);

public static class ErrorCodes
{
    public const string Invalid = "INVALID";
    public const string Required = "REQUIRED";
    public const string NotFound = "NOT_FOUND";
    public const string Duplicate = "DUPLICATE";
    public const string Forbidden = "FORBIDDEN";
    public const string ConcurrencyConflict = "CONCURRENCY_CONFLICT";
    public const string RuleViolated = "RULE_VIOLATED";
    public const string Unchanged = "UNCHANGED";
}

/// <summary>
/// Thrown by validation middleware and by handlers when a command is refused. Nothing has been written when it
/// is thrown: the Marten session is discarded with the exception.
/// </summary>
public sealed class CommandRejectedException : Exception
{
    public CommandRejectedException(IReadOnlyList<UserError> errors)
        : base(string.Join("; ", errors.Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}")))
        => Errors = errors;

    public CommandRejectedException(string code, string? field, string message) : this([new UserError(code, field, message)])
    {
    }

    public CommandRejectedException()
        : this(ErrorCodes.Invalid, null, "The command was refused.")
    {
    }

    public CommandRejectedException(string message) : this(ErrorCodes.Invalid, null, message)
    {
    }

    public CommandRejectedException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new UserError(ErrorCodes.Invalid, null, message)];

    public IReadOnlyList<UserError> Errors { get; }
}
