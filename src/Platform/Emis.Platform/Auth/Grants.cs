namespace Emis.Platform.Auth;

/// <summary>Rights a role does not carry by itself.</summary>
public static class Grants
{
    public const string PersonalData = "personal-data";

    /// <summary>Reads a comma-separated list of grants (from a token claim or the command line).</summary>
    public static IReadOnlyList<string> ParseList(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
