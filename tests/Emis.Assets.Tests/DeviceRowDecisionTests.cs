using Emis.Assets.Devices;
using Emis.Assets.Devices.ImportingDevices;
using Emis.Assets.Devices.ImportingDevices.Reviewing;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Imports;

namespace Emis.Assets.Tests;

/// <summary>A device review's decisions without a database: the input, the registration a kept draft stands for, the row's result.</summary>
public sealed class DeviceRowDecisionTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly AssetsSchool School = new() { Id = Guid.NewGuid(), Code = "HAR2", Name = "Harmani II", Municipality = "Prizren" };

    private static DeviceDraft Draft() => new()
    {
        Row = 3,
        SchoolText = "Harmani",
        SerialNumber = "SN-REV-0002",
        Type = DeviceType.Projector,
        Make = "Epson",
        Model = "EB-W51",
    };

    [Fact]
    public void rejecting_needs_a_reason_and_chooses_no_school_or_room()
    {
        var errors = DeviceRowDecisions.CheckInput(new DecideDeviceImportRow(Guid.NewGuid(), 3, DeviceImportDecision.Reject, Guid.NewGuid()));
        Assert.Equal([("REQUIRED", "reason"), ("INVALID", "schoolId")], errors.Select(e => (e.Code, e.Field)));
        Assert.Empty(DeviceRowDecisions.CheckInput(new DecideDeviceImportRow(Guid.NewGuid(), 3, DeviceImportDecision.Register)));
    }

    [Fact]
    public void registering_a_serial_number_registered_already_is_refused_naming_the_device()
    {
        var existing = DeviceProjection.Create(new JasperFx.Events.Event<DeviceRegistered>(
            DeviceRowDecisions.Register(Draft(), "j", School, null, null, null, Today))
        { Version = 1 });
        var refused = Assert.Throws<CommandRejectedException>(() => DeviceRowDecisions.Register(Draft(), "j", School, null, existing, null, Today));
        Assert.Equal((ErrorCodes.Duplicate, "serialNumber"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Contains(existing.Id.ToString(), refused.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_registered_row_records_the_school_chosen_as_a_correction_and_the_decision()
    {
        var registered = DeviceRowDecisions.Register(Draft(), "j", School, null, null, null, Today);
        var held = new DeviceRowResult(3, RowStatus.Review, new ReportedDevice(null, "SN-REV-0002", "Projector", "Epson", "EB-W51", null, null,
            null, null, null, null, null, "working"), null, [], [new RowProblem("school", "SCHOOL_UNCERTAIN", "…")])
        { Candidates = [new SchoolCandidate("HAR1", "Harmani I", 0.8), new SchoolCandidate("HAR2", "Harmani II", 0.8)] };
        var decision = new ReviewDecision("REGISTER", "admin-1", DateTimeOffset.UnixEpoch, null);
        var result = DeviceRowDecisions.Registered(held, registered, School, "Harmani", null, decision);
        Assert.Equal((RowStatus.Imported, registered.DeviceId, "HAR2"), (result.Status, result.Device.DeviceId, result.Device.SchoolCode));
        Assert.Equal(new Correction("school", "Harmani", "Harmani II", 0.8), Assert.Single(result.Corrections));
        Assert.Empty(result.Errors);
        Assert.Null(result.Candidates);
        Assert.Same(decision, result.Decision);
    }
}
