namespace Emis.Registry.Schools;

/// <summary>Languages of instruction as ISO 639 codes, with their names for people.</summary>
public static class Languages
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>
    {
        ["sq"] = "Albanian",
        ["bs"] = "Bosnian",
        ["hr"] = "Croatian",
        ["sr"] = "Serbian",
        ["tr"] = "Turkish",
        ["rom"] = "Romani",
        ["en"] = "English",
        ["de"] = "German",
        ["mk"] = "Macedonian",
        ["me"] = "Montenegrin",
    };

    public static IReadOnlyList<string> Normalise(IEnumerable<string> languages) =>
        [.. languages.Select(l => l.Trim().ToLowerInvariant()).Distinct()];
}
