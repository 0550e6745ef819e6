using Emis.Platform.Events;

namespace Emis.Registry.Schools;

public enum SchoolLevel
{
    Primary,
    LowerSecondary,
    UpperSecondary,
    Combined,
}

public enum SchoolStatus
{
    Open,
    Closed,
    ClosedForEmergency,
    DistanceLearning,
}

/// <summary>The write model of one school: only what the commands decide on. Built from the events, never stored.</summary>
public sealed record School(
    Guid Id,
    string Code,
    string Name,
    string Municipality,
    SchoolLevel Level,
    SchoolStatus Status,
    IReadOnlyList<string> Languages)
{
    public static School Create(SchoolRegistered e) =>
        new(e.SchoolId, e.Code, e.Name, e.Municipality, e.Level, e.Status, e.Languages);

    public School Apply(SchoolRenamed e) => this with { Name = e.Name };

    public School Apply(SchoolMoved e) => this with { Municipality = e.ToMunicipality };

    public School Apply(SchoolStatusChanged e) => this with { Status = e.To };

    public School Apply(SchoolLanguagesSet e) => this with { Languages = e.Languages };
}

/// <summary>
/// A school's id is derived from its jurisdiction and normalised code, so that registering a code twice collides on
/// the stream id itself: uniqueness holds even for two registrations racing on two nodes.
/// </summary>
public static class SchoolIdentity
{
    public static string NormaliseCode(string code) => code.Trim().ToUpperInvariant();

    public static Guid For(string jurisdiction, string code) =>
        NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/school/{NormaliseCode(code)}");

    private static readonly Guid Namespace = new("6f1c2a4e-7f0e-4c8e-9a53-2d1b5e4e0a11");
}

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
