using System.Globalization;
using System.Text;
using Emis.Assets.Infrastructure;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Assets.Devices;

/// <summary>Kinds of ICT device (norms and prices are set per type).</summary>
public enum DeviceType
{
    Laptop,
    Tablet,
    Desktop,
    Projector,
    InteractiveBoard,
    Router,
    Printer,
    Other,
}

/// <summary>A device's state. Written off is final; only a working device is assigned.</summary>
public enum DeviceState
{
    Working,
    Broken,
    InRepair,
    Lost,
    Stolen,
    WrittenOff,
}

/// <summary>Who or what holds a device within its school: a room, a teacher, or a learner (a loan, for distance learning).</summary>
public enum HolderKind
{
    Room,
    Teacher,
    Learner,
}

/// <summary>
/// A device's id is derived from its jurisdiction and normalised serial number, so that a serial number registered twice
/// collides on the stream id itself, even for two registrations racing on two nodes (as a school's code, adr/0030).
/// </summary>
public static class DeviceIdentity
{
    private static readonly Guid Namespace = new("b7e2c5a9-4d1f-4a83-9c6e-0f5d8b2a1e47");

    /// <summary>The serial number as compared: its letters and digits, upper case ("sn 12-ab" and "SN12AB" are one).</summary>
    public static string SerialKey(string serial)
    {
        var key = new StringBuilder(serial.Length);
        foreach (var c in serial.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c)) key.Append(char.ToUpperInvariant(c));
        }
        return key.ToString();
    }

    public static Guid For(string jurisdiction, string serial) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{jurisdiction.ToLowerInvariant()}/device/{SerialKey(serial)}"));
}

/// <summary>Who holds a device now.</summary>
public sealed record DeviceHolder(HolderKind Kind, Guid? RoomId, Guid? StaffId, Guid? LearnerId, DateOnly? DueOn, DateOnly Since);

/// <summary>A device entered the inventory at a school (optionally in a room), in a state (working, unless an import says otherwise).</summary>
public sealed record DeviceRegistered(
    Guid DeviceId, string SerialNumber, DeviceType Type, string Make, string Model, DateOnly? AcquiredOn, decimal? Cost, string? Currency,
    string? FundingSource, SchoolPlace School, Guid? RoomId, DeviceState State, DateOnly On);

/// <summary>A device was given to a room or a teacher of its school.</summary>
public sealed record DeviceAssigned(Guid DeviceId, HolderKind Kind, Guid? RoomId, Guid? StaffId, DateOnly On);

/// <summary>A device was loaned to a learner of its school (for distance learning), due back on a date.</summary>
[AboutPerson(nameof(LearnerId))]
public sealed record DeviceLoaned(Guid DeviceId, Guid LearnerId, DateOnly DueOn, DateOnly On);

/// <summary>A device came back to its school's pool (a loan returned, a room cleared).</summary>
public sealed record DeviceReturned(Guid DeviceId, DateOnly On, string? Note);

public sealed record DeviceStateChanged(Guid DeviceId, DeviceState From, DeviceState To, string Reason, DateOnly On);

/// <summary>A device moved to another school (it comes back from whoever held it).</summary>
public sealed record DeviceTransferred(Guid DeviceId, SchoolPlace From, SchoolPlace To, string Reason, DateOnly On);

/// <summary>A device as it stands. One stream per device.</summary>
public sealed class DeviceView
{
    public Guid Id { get; set; }
    public string SerialNumber { get; set; } = "";
    public DeviceType Type { get; set; }
    public string Make { get; set; } = "";
    public string Model { get; set; } = "";
    public DateOnly? AcquiredOn { get; set; }
    public decimal? Cost { get; set; }
    public string? Currency { get; set; }
    public string? FundingSource { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolLevel { get; set; } = "";
    public DeviceState State { get; set; }
    public DateOnly StateSince { get; set; }
    public string? StateReason { get; set; }
    public DeviceHolder? Holder { get; set; }

    /// <summary>The schools the device was at before (its history there is not the present school's to read).</summary>
    public List<Guid> FormerSchoolIds { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public string Describe() => $"{Type.ToString().ToUpperInvariant()} {Make} {Model} at {SchoolCode} (device {Id})";
}

public sealed class DeviceProjection : SingleStreamProjection<DeviceView, Guid>
{
    public static DeviceView Create(IEvent<DeviceRegistered> e)
    {
        var d = e.Data;
        var view = new DeviceView
        {
            Id = d.DeviceId,
            SerialNumber = d.SerialNumber,
            Type = d.Type,
            Make = d.Make,
            Model = d.Model,
            AcquiredOn = d.AcquiredOn,
            Cost = d.Cost,
            Currency = d.Currency,
            FundingSource = d.FundingSource,
            State = d.State,
            StateSince = d.On,
            Holder = d.RoomId is { } room ? new DeviceHolder(HolderKind.Room, room, null, null, null, d.On) : null,
            RegisteredAt = e.Timestamp,
        };
        Place(view, d.School);
        return Stamp(e, view);
    }

    public static DeviceView Apply(IEvent<DeviceAssigned> e, DeviceView view)
    {
        var d = e.Data;
        view.Holder = new DeviceHolder(d.Kind, d.RoomId, d.StaffId, null, null, d.On);
        return Stamp(e, view);
    }

    public static DeviceView Apply(IEvent<DeviceLoaned> e, DeviceView view)
    {
        view.Holder = new DeviceHolder(HolderKind.Learner, null, null, e.Data.LearnerId, e.Data.DueOn, e.Data.On);
        return Stamp(e, view);
    }

    public static DeviceView Apply(IEvent<DeviceReturned> e, DeviceView view)
    {
        view.Holder = null;
        return Stamp(e, view);
    }

    public static DeviceView Apply(IEvent<DeviceStateChanged> e, DeviceView view)
    {
        view.State = e.Data.To;
        view.StateSince = e.Data.On;
        view.StateReason = e.Data.Reason;
        if (e.Data.To == DeviceState.WrittenOff) view.Holder = null;
        return Stamp(e, view);
    }

    public static DeviceView Apply(IEvent<DeviceTransferred> e, DeviceView view)
    {
        view.FormerSchoolIds = [.. view.FormerSchoolIds.Where(s => s != e.Data.From.SchoolId), e.Data.From.SchoolId];
        Place(view, e.Data.To);
        view.Holder = null;
        return Stamp(e, view);
    }

    private static void Place(DeviceView view, SchoolPlace school)
    {
        view.SchoolId = school.SchoolId;
        view.SchoolCode = school.SchoolCode;
        view.Municipality = school.Municipality;
        view.SchoolLevel = school.SchoolLevel;
    }

    private static DeviceView Stamp(IEvent e, DeviceView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
