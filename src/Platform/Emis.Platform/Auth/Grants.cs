namespace Emis.Platform.Auth;

/// <summary>Rights a role does not carry by itself.</summary>
public static class Grants
{
    public const string PersonalData = "personal-data";

    /// <summary>A partner that is a learning platform: it may send xAPI statements about the jurisdiction's learners (adr/0029).</summary>
    public const string LearningPlatform = "learning-platform";

    /// <summary>Whether the caller holds the grant.</summary>
    public static bool Holds(Caller caller, string grant) =>
        caller?.GrantedRights.Contains(grant, StringComparer.Ordinal) ?? throw new ArgumentNullException(nameof(caller));

    /// <summary>Reads a comma-separated list of grants (from a token claim or the command line).</summary>
    public static IReadOnlyList<string> ParseList(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
