namespace Emis.Platform.Commands;

/// <summary>A mechanism type in an allowed namespace: the checker must not report it.</summary>
public sealed record CommandContext(string Jurisdiction, string Actor);
