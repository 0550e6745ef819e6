using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Registry.Schools.GettingSchools;

/// <summary>One status a school was in, from when, why and on whose word.</summary>
public sealed record StatusPeriod(SchoolStatus Status, DateTimeOffset Since, string? Reason, string? Actor);

/// <summary>The registry's read model of a school: what clients list, filter and display. Inline, so a caller reads their own write.</summary>
public sealed class SchoolView
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";
    public SchoolLevel Level { get; set; }
    public SchoolStatus Status { get; set; }
    public List<string> Languages { get; set; } = [];
    public List<StatusPeriod> StatusHistory { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The school stream's version; clients send it back as expectedVersion.</summary>
    public long Version { get; set; }
}

public sealed class SchoolViewProjection : SingleStreamProjection<SchoolView, Guid>
{
    public static SchoolView Create(IEvent<SchoolRegistered> e) => new()
    {
        Id = e.Data.SchoolId,
        Code = e.Data.Code,
        Name = e.Data.Name,
        Municipality = e.Data.Municipality,
        Level = e.Data.Level,
        Status = e.Data.Status,
        Languages = [.. e.Data.Languages],
        StatusHistory = [new StatusPeriod(e.Data.Status, e.Timestamp, "registered", Actor(e))],
        RegisteredAt = e.Timestamp,
        UpdatedAt = e.Timestamp,
        Version = e.Version,
    };

    public static void Apply(IEvent<SchoolRenamed> e, SchoolView view) => Touch(view, e).Name = e.Data.Name;

    public static void Apply(IEvent<SchoolMoved> e, SchoolView view) => Touch(view, e).Municipality = e.Data.ToMunicipality;

    public static void Apply(IEvent<SchoolLanguagesSet> e, SchoolView view) => Touch(view, e).Languages = [.. e.Data.Languages];

    public static void Apply(IEvent<SchoolStatusChanged> e, SchoolView view)
    {
        Touch(view, e).Status = e.Data.To;
        view.StatusHistory.Add(new StatusPeriod(e.Data.To, e.Timestamp, e.Data.Reason, Actor(e)));
    }

    private static string? Actor(IEvent e) => e.Headers?.TryGetValue("actor", out var actor) == true ? actor?.ToString() : null;

    // Time comes from the event, never the clock: a rebuild reproduces the same document.
    private static SchoolView Touch(SchoolView view, IEvent e)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
