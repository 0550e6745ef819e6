namespace Emis.Platform.Commands;

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
