using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Commands;
using Emis.Staffing.Contracts;

namespace Emis.Assets.Tests;

/// <summary>Assets' decisions on their own: devices, rooms and census answers.</summary>
public sealed class AssetsDecisionTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly AssetsSchool School = new()
    {
        Id = Guid.NewGuid(),
        Code = "OS-1",
        Name = "OŠ Prva",
        Municipality = "Bihać",
        Level = "primary"
    };
    private static readonly AssetsSchool Other = new()
    {
        Id = Guid.NewGuid(),
        Code = "OS-2",
        Name = "OŠ Druga",
        Municipality = "Cazin",
        Level = "primary"
    };

    private static RegisterDevice Laptop(string serial = "SN-1001", Guid? room = null) =>
        new(School.Id, serial, DeviceType.Laptop, "Dell", "Latitude 3540", new DateOnly(2025, 9, 1), 1250m, "bam", "EU grant", room);

    private static DeviceView Registered(DeviceState state = DeviceState.Working)
    {
        var view = DeviceProjection.Create(new JasperFx.Events.Event<DeviceRegistered>(
            DeviceHandler.Decide(Laptop(), DeviceIdentity.For("j", "SN-1001"), School, null, null, Today))
        { Version = 1 });
        view.State = state;
        return view;
    }

    [Fact]
    public void a_serial_number_registered_twice_is_refused_naming_the_other_device()
    {
        // The same serial written otherwise is the same device (and the same stream id).
        Assert.Equal(DeviceIdentity.For("una-sana", "SN-1001"), DeviceIdentity.For("una-sana", " sn 1001 "));
        Assert.NotEqual(DeviceIdentity.For("una-sana", "SN-1001"), DeviceIdentity.For("tuzla", "SN-1001"));
        var existing = Registered();
        var refused = Assert.Throws<CommandRejectedException>(() =>
            DeviceHandler.Decide(Laptop("sn 1001"), existing.Id, Other, existing, null, Today));
        var error = Assert.Single(refused.Errors);
        Assert.Equal((ErrorCodes.Duplicate, "serialNumber"), (error.Code, error.Field));
        Assert.Contains(existing.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("LAPTOP Dell Latitude 3540 at OS-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_registration_takes_the_cleaned_values_and_refuses_a_room_the_school_does_not_have_or_a_future_date()
    {
        var e = DeviceHandler.Decide(Laptop(), Guid.NewGuid(), School, null, null, Today);
        Assert.Equal(("BAM", DeviceState.Working, new DateOnly(2025, 9, 1)), (e.Currency, e.State, e.On));
        Assert.Equal(("NOT_FOUND", "roomId"), Code(() => DeviceHandler.Decide(Laptop(room: Guid.NewGuid()), Guid.NewGuid(), School, null, null,
            Today)));
        Assert.Equal(("INVALID", "acquiredOn"), Code(() => DeviceHandler.Decide(Laptop() with { AcquiredOn = Today.AddDays(1) }, Guid.NewGuid(),
            School,
            null, null, Today)));
    }

    [Fact]
    public void a_device_loaned_to_a_learner_of_another_school_is_refused()
    {
        var device = Registered();
        var learner = Guid.NewGuid();
        var elsewhere = new LearnerWhereabouts(learner, "FEMALE", new LearnerPlacement(learner, "2025/2026", Other.Id, Other.Code, 5, "A"), "Cazin");
        var command = new AssignDevice(device.Id, null, null, learner, Today.AddDays(30));
        var refused = Assert.Throws<CommandRejectedException>(() => DeviceHandler.Decide(command, device, null, elsewhere, [], Today));
        Assert.Equal((ErrorCodes.RuleViolated, "learnerId"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Contains("OS-2", refused.Errors[0].Message, StringComparison.Ordinal);

        // Not in class anywhere, or due back today: refused; in class at the device's school with a due date ahead: loaned.
        Assert.Equal(("RULE_VIOLATED", "learnerId"), Code(() => DeviceHandler.Decide(command, device, null, null, [], Today)));
        var here = elsewhere with { Placement = elsewhere.Placement! with { SchoolId = School.Id, SchoolCode = School.Code } };
        Assert.Equal(("INVALID", "dueOn"), Code(() => DeviceHandler.Decide(command with { DueOn = Today }, device, null, here, [], Today)));
        var loaned = Assert.IsType<DeviceLoaned>(DeviceHandler.Decide(command, device, null, here, [], Today));
        Assert.Equal((learner, Today.AddDays(30)), (loaned.LearnerId, loaned.DueOn));
    }

    [Fact]
    public void a_device_goes_to_a_teacher_of_its_own_school_and_to_a_room_in_use_there()
    {
        var device = Registered();
        var teacher = Guid.NewGuid();
        var toTeacher = new AssignDevice(device.Id, null, teacher, null, null);
        Assert.Equal(("RULE_VIOLATED", "staffId"), Code(() => DeviceHandler.Decide(toTeacher, device, null, null,
            [new StaffPosting(teacher, Other.Id, Other.Code, "TEACHER")], Today)));
        var posted = new StaffPosting(teacher, School.Id, School.Code, "TEACHER");
        Assert.Equal(HolderKind.Teacher, Assert.IsType<DeviceAssigned>(DeviceHandler.Decide(toTeacher, device, null, null, [posted], Today)).Kind);
        var rooms = new SchoolInfrastructureView { Rooms = [new Room(Guid.NewGuid(), "Main", "12", RoomKind.Classroom, 30, Closed: true)] };
        Assert.Equal(("NOT_FOUND", "roomId"), Code(() => DeviceHandler.Decide(new AssignDevice(device.Id, rooms.Rooms[0].RoomId, null, null,
            null), device,
            rooms, null, [], Today)));
    }

    [Fact]
    public void a_device_held_by_a_learner_or_a_teacher_is_returned_before_it_is_assigned_again()
    {
        var device = Registered();
        device.Holder = new DeviceHolder(HolderKind.Learner, null, null, Guid.NewGuid(), Today.AddDays(20), Today);
        var refused = Assert.Throws<CommandRejectedException>(() =>
            DeviceHandler.Decide(new AssignDevice(device.Id, null, Guid.NewGuid(), null, null), device, null, null, [], Today));
        Assert.Equal((ErrorCodes.RuleViolated, "deviceId"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Contains("return it first", refused.Errors[0].Message, StringComparison.Ordinal);
        // A device in a room moves to another room without being returned first.
        var room = new Room(Guid.NewGuid(), "Main", "7", RoomKind.Classroom, 30, false);
        device.Holder = new DeviceHolder(HolderKind.Room, Guid.NewGuid(), null, null, null, Today);
        Assert.IsType<DeviceAssigned>(DeviceHandler.Decide(new AssignDevice(device.Id, room.RoomId, null, null, null), device,
            new SchoolInfrastructureView { Rooms = [room] }, null, [], Today));
    }

    [Fact]
    public void a_written_off_device_cannot_be_assigned_transferred_or_changed_and_a_broken_one_is_repaired_first()
    {
        var written = Registered(DeviceState.WrittenOff);
        written.StateReason = "beyond repair";
        var room = new AssignDevice(written.Id, Guid.NewGuid(), null, null, null);
        var refused = Assert.Throws<CommandRejectedException>(() => DeviceHandler.Decide(room, written, null, null, [], Today));
        Assert.Equal((ErrorCodes.RuleViolated, "deviceId"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Contains("written off", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(("RULE_VIOLATED", "deviceId"), Code(() => DeviceHandler.Decide(new TransferDevice(written.Id, Other.Id, "x"), written, Other,
            Today)));
        Assert.Equal(("RULE_VIOLATED", "state"), Code(() => DeviceHandler.Decide(new ChangeDeviceState(written.Id, DeviceState.Working, "found",
            null),
            written, Today)));
        Assert.Equal(("RULE_VIOLATED", "deviceId"), Code(() => DeviceHandler.Decide(room, Registered(DeviceState.Broken), null, null, [], Today)));
    }

    [Fact]
    public void state_changes_follow_the_device_life_and_name_what_is_allowed()
    {
        var stolen = Registered(DeviceState.Stolen);
        var refused = Assert.Throws<CommandRejectedException>(() =>
            DeviceHandler.Decide(new ChangeDeviceState(stolen.Id, DeviceState.InRepair, "sent to repair", null), stolen, Today));
        Assert.Contains("WORKING, BROKEN, WRITTEN_OFF", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Working, DeviceHandler.Decide(new ChangeDeviceState(stolen.Id, DeviceState.Working, "found by the police", null),
            stolen,
            Today).To);
        Assert.Equal(("UNCHANGED", "state"), Code(() => DeviceHandler.Decide(new ChangeDeviceState(stolen.Id, DeviceState.Stolen, "again", null),
            stolen,
            Today)));
        Assert.Equal(("INVALID", "on"), Code(() => DeviceHandler.Decide(new ChangeDeviceState(stolen.Id, DeviceState.Working, "found",
            Today.AddDays(1)),
            stolen, Today)));
        Assert.Equal(("UNCHANGED", "toSchoolId"), Code(() => DeviceHandler.Decide(new TransferDevice(stolen.Id, School.Id, "x"), stolen, School,
            Today)));
    }

    [Fact]
    public void a_school_answers_the_census_once_a_year_and_corrects_it_with_a_reason()
    {
        var place = Assets.PlaceOf(School);
        var services = new BasicServices(ElectricitySource.Grid, InternetAccess.Pupils, true, true, false, true, true, true, false);
        var census = new ReportBasicServices(School.Id, "2025/2026", ReportKind.Census, services, null);
        var first = InfrastructureHandler.Decide(census, place, null);
        Assert.False(first.Services.AdaptedForDisabilities);
        var view = new SchoolInfrastructureView
        {
            Services = [new ServicesAnswer("2025/2026", ReportKind.Census, services, DateTimeOffset.UnixEpoch)],
        };
        Assert.Equal(("DUPLICATE", "kind"), Code(() => InfrastructureHandler.Decide(census, place, view)));
        var correction = census with
        {
            Kind = ReportKind.Correction,
            Services = services with { AccessibleToilets = true },
            Reason = "toilets adapted"
        };
        Assert.True(InfrastructureHandler.Decide(correction, place, view).Services.AdaptedForDisabilities);
        Assert.Equal(("UNCHANGED", "services"), Code(() => InfrastructureHandler.Decide(correction with { Services = services }, place, view)));
        Assert.Equal(("NOT_FOUND", "kind"), Code(() => InfrastructureHandler.Decide(correction with { SchoolYear = "2026/2027" }, place, view)));
        var validation = new ReportBasicServices.Validator().Validate(correction with { Reason = null });
        Assert.Contains(validation.Errors, e => e.PropertyName == "Reason");
    }

    [Fact]
    public void rooms_are_not_registered_twice_under_one_building_and_name()
    {
        var place = Assets.PlaceOf(School);
        var view = new SchoolInfrastructureView { Rooms = [new Room(Guid.NewGuid(), "Main", "12", RoomKind.Classroom, 30, false)] };
        var command = new RegisterRooms(School.Id, [new RoomInput("Main", "13", RoomKind.Classroom, 28), new RoomInput(" main ", "12",
            RoomKind.Library, null)]);
        var refused = Assert.Throws<CommandRejectedException>(() => InfrastructureHandler.Decide(command, place, view, Guid.NewGuid).ToList());
        Assert.Equal(("DUPLICATE", "rooms[1].name"), (refused.Errors[0].Code, refused.Errors[0].Field));
        Assert.Equal(2, InfrastructureHandler.Decide(command with { Rooms = [command.Rooms[0], command.Rooms[1] with { Name = "Library" }] },
            place, view,
            Guid.NewGuid).Count());
        Assert.Contains(new RegisterRooms.Validator().Validate(new RegisterRooms(School.Id, [new RoomInput("Main", "14", RoomKind.Classroom,
            null)])).Errors,
            e => e.ErrorMessage.Contains("capacity", StringComparison.Ordinal));
    }

    private static (string Code, string? Field) Code(Action decide)
    {
        var refused = Assert.Throws<CommandRejectedException>(decide);
        return (refused.Errors[0].Code, refused.Errors[0].Field);
    }
}
