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
