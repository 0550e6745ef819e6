using Emis.Assets.Contracts;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Staffing.Contracts;
using FluentValidation;
using Marten;

namespace Emis.Assets.Devices;

/// <summary>Register a device at a school (optionally in one of its rooms). The serial number is unique in the jurisdiction.</summary>
public sealed record RegisterDevice(
    Guid SchoolId, string SerialNumber, DeviceType Type, string Make, string Model, DateOnly? AcquiredOn, decimal? Cost, string? Currency,
    string? FundingSource, Guid? RoomId)
{
    public sealed class Validator : AbstractValidator<RegisterDevice>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SerialNumber).NotEmpty().WithMessage("The serial number is required.")
                .MaximumLength(60).WithErrorCode(ErrorCodes.Invalid).WithMessage("A serial number is at most 60 characters.")
                .Must(s => DeviceIdentity.SerialKey(s).Length >= 3).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A serial number has at least 3 letters or digits.");
            RuleFor(x => x.Type).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Make).NotEmpty().WithMessage("The make is required (Dell, Lenovo, Epson).")
                .MaximumLength(60).WithErrorCode(ErrorCodes.Invalid).WithMessage("A make is at most 60 characters.");
            RuleFor(x => x.Model).NotEmpty().WithMessage("The model is required.")
                .MaximumLength(80).WithErrorCode(ErrorCodes.Invalid).WithMessage("A model is at most 80 characters.");
            RuleFor(x => x.Cost).InclusiveBetween(0m, 10_000_000m).When(x => x.Cost is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A cost is 0 to 10,000,000.");
            RuleFor(x => x.Cost).Must(c => c is null || decimal.Round(c.Value, 2) == c.Value).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A cost has at most 2 decimals.");
            RuleFor(x => x.Currency).NotEmpty().When(x => x.Cost is not null).WithMessage("A cost needs its currency (BAM, EUR).");
            RuleFor(x => x.Currency).Must(c => c is null || Platform.Text.CurrencyCode.Of(c) is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A currency is an ISO 4217 code of three letters (BAM, EUR).");
            RuleFor(x => x.FundingSource).MaximumLength(120).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A funding source is at most 120 characters.");
        }
    }
}

/// <summary>Give a working device to a room, a teacher or a learner of its school (a learner's loan needs a due date).</summary>
public sealed record AssignDevice(Guid DeviceId, Guid? RoomId, Guid? StaffId, Guid? LearnerId, DateOnly? DueOn)
{
    public sealed class Validator : AbstractValidator<AssignDevice>
    {
        public Validator()
        {
            RuleFor(x => x.DeviceId).NotEmpty().WithMessage("The device's id is required.");
            RuleFor(x => x).Must(x => new[] { x.RoomId, x.StaffId, x.LearnerId }.Count(h => h is not null) == 1).WithName("roomId")
                .WithErrorCode(ErrorCodes.Invalid).WithMessage("Give exactly one of roomId, staffId and learnerId.");
            RuleFor(x => x.DueOn).NotNull().When(x => x.LearnerId is not null)
                .WithMessage("A loan to a learner needs the date it is due back.");
        }
    }
}

/// <summary>Take a device back into its school's pool (a loan returned, a room cleared).</summary>
public sealed record ReturnDevice(Guid DeviceId, string? Note)
{
    public sealed class Validator : AbstractValidator<ReturnDevice>
    {
        public Validator()
        {
            RuleFor(x => x.DeviceId).NotEmpty().WithMessage("The device's id is required.");
            RuleFor(x => x.Note).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A note is at most 500 characters.");
        }
    }
}

/// <summary>A device broke, went to repair, came back, was lost or stolen, or was written off: the new state with the reason.</summary>
public sealed record ChangeDeviceState(Guid DeviceId, DeviceState State, string Reason, DateOnly? On)
{
    public sealed class Validator : AbstractValidator<ChangeDeviceState>
    {
        public Validator()
        {
            RuleFor(x => x.DeviceId).NotEmpty().WithMessage("The device's id is required.");
            RuleFor(x => x.State).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Reason).Reason("the screen is broken, reported stolen to the police");
        }
    }
}

/// <summary>Move a device to another school.</summary>
public sealed record TransferDevice(Guid DeviceId, Guid ToSchoolId, string Reason)
{
    public sealed class Validator : AbstractValidator<TransferDevice>
    {
        public Validator()
        {
            RuleFor(x => x.DeviceId).NotEmpty().WithMessage("The device's id is required.");
            RuleFor(x => x.ToSchoolId).NotEmpty().WithMessage("The receiving school's id is required.");
            RuleFor(x => x.Reason).Reason("the school closed its lab");
        }
    }
}

public static class DeviceHandler
{
    public static async Task<AssetsChangedV1> Handle(RegisterDevice command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var school = await AssetsAccess.OpenSchoolAsync(session, command.SchoolId, "schoolId", ct);
        var id = DeviceIdentity.For(session.TenantId, command.SerialNumber);
        var existing = await session.LoadAsync<DeviceView>(id, ct);
        var rooms = command.RoomId is null ? null : await session.LoadAsync<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct);
        var registered = Decide(command, id, school, existing, rooms, Today(clock));
        // StartStream: a registration racing this one with the same serial number fails on the stream id (DUPLICATE).
        session.Events.StartStream<DeviceView>(id, registered);
        return Changed(session, "device_changed", school.Id);
    }

    public static async Task<AssetsChangedV1> Handle(AssignDevice command, IDocumentSession session, IClassLists classes, IStaffDirectory staff,
        TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<DeviceView>(command.DeviceId, ct);
        var device = Existing(stream.Aggregate, command.DeviceId);
        var rooms = await session.LoadAsync<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(device.SchoolId), ct);
        LearnerWhereabouts? learner = null;
        if (command.LearnerId is { } learnerId) learner = (await classes.WhereaboutsAsync(session.TenantId, [learnerId], ct)).FirstOrDefault();
        IReadOnlyList<StaffPosting> postings = [];
        if (command.StaffId is not null) postings = (await staff.CurrentAsync(session.TenantId, device.SchoolId, ct)).Postings;
        stream.AppendOne(Decide(command, device, rooms, learner, postings, Today(clock)));
        return Changed(session, "device_changed", device.SchoolId);
    }

    public static async Task<AssetsChangedV1> Handle(ReturnDevice command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<DeviceView>(command.DeviceId, ct);
        var device = Existing(stream.Aggregate, command.DeviceId);
        if (device.Holder is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "deviceId", "The device is in its school's pool already: no one holds it.");
        }
        stream.AppendOne(new DeviceReturned(device.Id, Today(clock), string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim()));
        return Changed(session, "device_changed", device.SchoolId);
    }

    public static async Task<AssetsChangedV1> Handle(ChangeDeviceState command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<DeviceView>(command.DeviceId, ct);
        var device = Existing(stream.Aggregate, command.DeviceId);
        stream.AppendOne(Decide(command, device, Today(clock)));
        return Changed(session, "device_changed", device.SchoolId);
    }

    public static async Task<AssetsChangedV1> Handle(TransferDevice command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<DeviceView>(command.DeviceId, ct);
        var device = Existing(stream.Aggregate, command.DeviceId);
        var to = await AssetsAccess.OpenSchoolAsync(session, command.ToSchoolId, "toSchoolId", ct);
        stream.AppendOne(Decide(command, device, to, Today(clock)));
        return Changed(session, "device_changed", device.SchoolId, to.Id);
    }

    /// <summary>
    /// The registration, or why not: a serial number not registered before (the other device is named), a room of the school,
    /// an acquisition date not in the future.
    /// </summary>
    public static DeviceRegistered Decide(RegisterDevice command, Guid deviceId, AssetsSchool school, DeviceView? existing,
        SchoolInfrastructureView? rooms, DateOnly today, DeviceState state = DeviceState.Working)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(school);
        if (existing is not null)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "serialNumber",
                $"Serial number {command.SerialNumber.Trim()} is registered already: {existing.Describe()}.");
        }
        if (command.RoomId is { } roomId && rooms?.Room(roomId) is not { Closed: false })
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "roomId", $"{school.Code} has no room {roomId} in use.");
        }
        if (command.AcquiredOn > today)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "acquiredOn", $"{command.AcquiredOn:yyyy-MM-dd} is in the future.");
        }
        return new DeviceRegistered(deviceId, command.SerialNumber.Trim(), command.Type, command.Make.Trim(), command.Model.Trim(),
            command.AcquiredOn, command.Cost, Platform.Text.CurrencyCode.Of(command.Currency), string.IsNullOrWhiteSpace(command.FundingSource) ? null
                : command.FundingSource.Trim(), Assets.PlaceOf(school), command.RoomId, state, command.AcquiredOn ?? today);
    }

    /// <summary>
    /// The assignment, or why not: a working device (not written off, lost, stolen or broken); a room of its school in use; a
    /// teacher employed at its school now; a learner in class at its school now, with a due date after today.
    /// </summary>
    public static object Decide(AssignDevice command, DeviceView device, SchoolInfrastructureView? rooms, LearnerWhereabouts? learner,
        IReadOnlyList<StaffPosting> postings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(device);
        if (device.State != DeviceState.Working)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "deviceId", device.State == DeviceState.WrittenOff
                ? $"The device was written off ({device.StateReason}); it cannot be assigned."
                : $"The device is {Name(device.State)}; only a working device is assigned.");
        }
        if (device.Holder is { Kind: HolderKind.Teacher or HolderKind.Learner } held)
        {
            var what = held.Kind == HolderKind.Learner ? $"a learner (a loan due back on {held.DueOn:yyyy-MM-dd})"
                : $"a teacher (since {held.Since:yyyy-MM-dd})";
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "deviceId", $"The device is held by {what}; return it first (returnDevice).");
        }
        if (command.RoomId is { } roomId)
        {
            if (rooms?.Room(roomId) is not { Closed: false })
            {
                throw new CommandRejectedException(ErrorCodes.NotFound, "roomId", $"{device.SchoolCode} has no room {roomId} in use.");
            }
            return new DeviceAssigned(device.Id, HolderKind.Room, roomId, null, today);
        }
        if (command.StaffId is { } staffId)
        {
            if (!postings.Any(p => p.StaffId == staffId && p.SchoolId == device.SchoolId))
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "staffId",
                    $"Member of staff {staffId} does not work at {device.SchoolCode} now; a device goes to its own school's staff.");
            }
            return new DeviceAssigned(device.Id, HolderKind.Teacher, null, staffId, today);
        }
        var learnerId = command.LearnerId!.Value;
        if (learner?.Placement is not { } placement)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "learnerId", $"Learner {learnerId} is not in class anywhere now.");
        }
        if (placement.SchoolId != device.SchoolId)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "learnerId",
                $"Learner {learnerId} is a learner of {placement.SchoolCode}, not of {device.SchoolCode}: "
                + "a device is loaned to its own school's learners.");
        }
        if (command.DueOn is not { } due || due <= today)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "dueOn", "A loan is due back after today.");
        }
        return new DeviceLoaned(device.Id, learnerId, due, today);
    }

    /// <summary>The change of state, or why not: a change allowed from the state the device is in (written off is final).</summary>
    public static DeviceStateChanged Decide(ChangeDeviceState command, DeviceView device, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(device);
        var on = command.On ?? today;
        if (on > today) throw new CommandRejectedException(ErrorCodes.Invalid, "on", $"{on:yyyy-MM-dd} is in the future.");
        if (on < device.StateSince)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "on",
                $"The device has been {Name(device.State)} since {device.StateSince:yyyy-MM-dd}; a change comes after that.");
        }
        if (device.State == command.State)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "state", $"The device is {Name(device.State)} already.");
        }
        if (!Allowed(device.State, command.State))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "state", device.State == DeviceState.WrittenOff
                ? "The device was written off; its state no longer changes."
                : $"A device that is {Name(device.State)} cannot become {Name(command.State)} "
                    + $"(from {Name(device.State)}: {string.Join(", ", Enum.GetValues<DeviceState>().Where(s => Allowed(device.State, s))
                        .Select(Name))}).");
        }
        return new DeviceStateChanged(device.Id, device.State, command.State, command.Reason.Trim(), on);
    }

    /// <summary>The transfer, or why not: to another school, of a device not written off.</summary>
    public static DeviceTransferred Decide(TransferDevice command, DeviceView device, AssetsSchool to, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(to);
        if (device.State == DeviceState.WrittenOff)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "deviceId", "The device was written off; it is not transferred.");
        }
        if (to.Id == device.SchoolId)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "toSchoolId", $"The device is at {to.Code} already.");
        }
        return new DeviceTransferred(device.Id, new SchoolPlace(device.SchoolId, device.SchoolCode, device.Municipality, device.SchoolLevel),
            Assets.PlaceOf(to), command.Reason.Trim(), today);
    }

    /// <summary>Which state a device may go to from which: found again, repaired, broken again; written off is final.</summary>
    public static bool Allowed(DeviceState from, DeviceState to) => from != to && from switch
    {
        DeviceState.WrittenOff => false,
        DeviceState.Lost or DeviceState.Stolen => to is DeviceState.Working or DeviceState.Broken or DeviceState.WrittenOff,
        _ => true,
    };

    public static string Name(DeviceState state) => state switch
    {
        DeviceState.InRepair => "IN_REPAIR",
        DeviceState.WrittenOff => "WRITTEN_OFF",
        _ => state.ToString().ToUpperInvariant(),
    };

    private static DeviceView Existing(DeviceView? device, Guid id) =>
        device ?? throw new CommandRejectedException(ErrorCodes.NotFound, "deviceId", $"There is no device with id {id}.");

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static AssetsChangedV1 Changed(IDocumentSession session, string change, params Guid[] schools) => new(session.TenantId, schools, change);
}

/// <summary>A device: whoever manages its school (a transfer, whoever manages the school it leaves; the receiving school is named, not
/// asked).</summary>
internal sealed class DevicePolicy(AssetsAccess access, IDocumentStore store) : ICommandPolicy<RegisterDevice>, ICommandPolicy<AssignDevice>,
    ICommandPolicy<ReturnDevice>, ICommandPolicy<ChangeDeviceState>, ICommandPolicy<TransferDevice>
{
    private const string What = "change this school's devices";

    public Task<UserError?> AuthorizeAsync(Caller caller, RegisterDevice command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, AssignDevice command, CancellationToken ct) => ManagesDeviceAsync(caller,
        command.DeviceId, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, ReturnDevice command, CancellationToken ct) => ManagesDeviceAsync(caller,
        command.DeviceId, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, ChangeDeviceState command, CancellationToken ct) =>
        ManagesDeviceAsync(caller, command.DeviceId, ct);

    /// <summary>A transfer changes two schools' inventories: the caller manages both (a municipality within it, the ministry anywhere).</summary>
    public async Task<UserError?> AuthorizeAsync(Caller caller, TransferDevice command, CancellationToken ct) =>
        await ManagesDeviceAsync(caller, command.DeviceId, ct)
        ?? await access.ManagesSchoolAsync(caller, command.ToSchoolId, "toSchoolId", "move devices into this school", ct);

    private async Task<UserError?> ManagesDeviceAsync(Caller caller, Guid deviceId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var device = await session.LoadAsync<DeviceView>(deviceId, ct);
        if (device is null || !caller.CanSeeSchool(device.Municipality, device.SchoolCode))
        {
            return new UserError(ErrorCodes.NotFound, "deviceId", $"There is no device with id {deviceId}.");
        }
        return AssetsAccess.MayManage(caller, device.Municipality, device.SchoolCode) ? null : AssetsAccess.Forbidden(caller, "deviceId", What);
    }
}
