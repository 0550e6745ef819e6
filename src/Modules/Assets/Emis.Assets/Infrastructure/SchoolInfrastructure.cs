using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Assets.Infrastructure;

/// <summary>What a room is used for (classrooms count for norms and figures).</summary>
public enum RoomKind
{
    Classroom,
    Laboratory,
    ComputerLab,
    Library,
    Gym,
    Office,
    Other,
}

/// <summary>Where a school's electricity comes from (SDG 4.a.1: none means no electricity).</summary>
public enum ElectricitySource
{
    Grid,
    Generator,
    Solar,
    None,
}

/// <summary>Internet for pedagogical purposes (SDG 4.a.1): none, for teaching staff only, or accessible to pupils too.</summary>
public enum InternetAccess
{
    None,
    StaffOnly,
    Pupils,
}

/// <summary>How a school is connected.</summary>
public enum ConnectionType
{
    Fibre,
    Dsl,
    Cable,
    Mobile,
    Satellite,
    FixedWireless,
    None,
}

/// <summary>Whether an answer is the school's annual census answer for a school year or a correction during the year.</summary>
public enum ReportKind
{
    Census,
    Correction,
}

/// <summary>
/// A school's basic services as SDG 4.a.1 asks for them. <see cref="Ramps"/> and <see cref="AccessibleToilets"/> are the
/// adapted infrastructure, <see cref="AdaptedMaterials"/> the adapted materials for learners with disabilities.
/// </summary>
public sealed record BasicServices(
    ElectricitySource Electricity,
    InternetAccess Internet,
    bool Computers,
    bool Ramps,
    bool AccessibleToilets,
    bool AdaptedMaterials,
    bool DrinkingWater,
    bool SingleSexSanitation,
    bool Handwashing)
{
    /// <summary>4.a.1 counts a school as having adapted infrastructure and materials only with all three.</summary>
    public bool AdaptedForDisabilities => Ramps && AccessibleToilets && AdaptedMaterials;
}

/// <summary>Where a school is, as the facts tables of figures keep it with every row.</summary>
public sealed record SchoolPlace(Guid SchoolId, string SchoolCode, string Municipality, string SchoolLevel);

public sealed record RoomRegistered(Guid InfrastructureId, SchoolPlace School, Guid RoomId, string Building, string Name, RoomKind Kind,
    int? Capacity);

public sealed record RoomChanged(Guid InfrastructureId, Guid RoomId, string Building, string Name, RoomKind Kind, int? Capacity);

public sealed record RoomClosed(Guid InfrastructureId, Guid RoomId, string Reason);

/// <summary>A school's answer about its basic services for a school year: the census answer, or a correction of it.</summary>
public sealed record BasicServicesReported(Guid InfrastructureId, SchoolPlace School, string SchoolYear, ReportKind Kind, BasicServices Services,
    string? Reason);

/// <summary>A school's Internet connection as it is from <see cref="Since"/> (it replaces the one recorded before).</summary>
public sealed record ConnectionRecorded(Guid InfrastructureId, SchoolPlace School, ConnectionType Type, decimal DownMbps, decimal UpMbps,
    string? Provider, DateOnly Since);

public sealed record OutageReported(Guid InfrastructureId, Guid OutageId, DateOnly Started, string Description);

public sealed record OutageEnded(Guid InfrastructureId, Guid OutageId, DateOnly Ended);

public sealed record Room(Guid RoomId, string Building, string Name, RoomKind Kind, int? Capacity, bool Closed);

public sealed record ServicesAnswer(string SchoolYear, ReportKind Kind, BasicServices Services, DateTimeOffset ReportedAt);

public sealed record Connection(ConnectionType Type, decimal DownMbps, decimal UpMbps, string? Provider, DateOnly Since);

public sealed record Outage(Guid OutageId, DateOnly Started, DateOnly? Ended, string Description);

/// <summary>A school's buildings and rooms, basic services, connection and outages. One stream per school.</summary>
public sealed class SchoolInfrastructureView
{
    private static readonly Guid Namespace = new("3c9e7b14-2a6f-4d1e-8b05-91f4a2c6d7e3");

    public Guid Id { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public List<Room> Rooms { get; set; } = [];

    /// <summary>The answers per school year as they stand (a correction replaces the year's answer).</summary>
    public List<ServicesAnswer> Services { get; set; } = [];
    public Connection? Connection { get; set; }
    public List<Outage> Outages { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public static Guid IdFor(Guid schoolId) => NameBasedGuid.Create(Namespace, schoolId.ToString("N"));

    public Room? Room(Guid roomId) => Rooms.FirstOrDefault(r => r.RoomId == roomId);

    public ServicesAnswer? ServicesOf(string schoolYear) => Services.FirstOrDefault(s => s.SchoolYear == schoolYear);

    public ServicesAnswer? LatestServices => Services.MaxBy(s => s.SchoolYear, StringComparer.Ordinal);
}

public sealed class SchoolInfrastructureProjection : SingleStreamProjection<SchoolInfrastructureView, Guid>
{
    public static SchoolInfrastructureView Create(IEvent<RoomRegistered> e) => Apply(e, New(e, e.Data.School));

    public static SchoolInfrastructureView Create(IEvent<BasicServicesReported> e) => Apply(e, New(e, e.Data.School));

    public static SchoolInfrastructureView Create(IEvent<ConnectionRecorded> e) => Apply(e, New(e, e.Data.School));

    public static SchoolInfrastructureView Apply(IEvent<RoomRegistered> e, SchoolInfrastructureView view)
    {
        var d = e.Data;
        view.Rooms.Add(new Room(d.RoomId, d.Building, d.Name, d.Kind, d.Capacity, Closed: false));
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<RoomChanged> e, SchoolInfrastructureView view)
    {
        var d = e.Data;
        view.Rooms = [.. view.Rooms.Select(r => r.RoomId == d.RoomId ? r with { Building = d.Building, Name = d.Name, Kind = d.Kind,
            Capacity = d.Capacity } : r)];
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<RoomClosed> e, SchoolInfrastructureView view)
    {
        view.Rooms = [.. view.Rooms.Select(r => r.RoomId == e.Data.RoomId ? r with { Closed = true } : r)];
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<BasicServicesReported> e, SchoolInfrastructureView view)
    {
        var d = e.Data;
        view.Services = [.. view.Services.Where(s => s.SchoolYear != d.SchoolYear), new ServicesAnswer(d.SchoolYear, d.Kind, d.Services,
            e.Timestamp)];
        view.Services.Sort((a, b) => string.CompareOrdinal(a.SchoolYear, b.SchoolYear));
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<ConnectionRecorded> e, SchoolInfrastructureView view)
    {
        var d = e.Data;
        view.Connection = new Connection(d.Type, d.DownMbps, d.UpMbps, d.Provider, d.Since);
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<OutageReported> e, SchoolInfrastructureView view)
    {
        view.Outages.Add(new Outage(e.Data.OutageId, e.Data.Started, null, e.Data.Description));
        return Stamp(e, view);
    }

    public static SchoolInfrastructureView Apply(IEvent<OutageEnded> e, SchoolInfrastructureView view)
    {
        view.Outages = [.. view.Outages.Select(o => o.OutageId == e.Data.OutageId ? o with { Ended = e.Data.Ended } : o)];
        return Stamp(e, view);
    }

    private static SchoolInfrastructureView New(IEvent e, SchoolPlace school) => new()
    {
        Id = e.StreamId,
        SchoolId = school.SchoolId,
        SchoolCode = school.SchoolCode,
        Municipality = school.Municipality,
    };

    private static SchoolInfrastructureView Stamp(IEvent e, SchoolInfrastructureView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
