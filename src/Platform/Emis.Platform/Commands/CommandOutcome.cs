namespace Emis.Platform.Commands;

/// <summary>The outcome of a command sent through <see cref="CommandDispatcher"/>.</summary>
public sealed record CommandOutcome(IReadOnlyList<UserError> Errors)
{
    public static readonly CommandOutcome Success = new([]);
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>The outcome of a command whose handler answers with a result.</summary>
public sealed record CommandOutcome<T>(T? Result, IReadOnlyList<UserError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
