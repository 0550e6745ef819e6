using Emis.Assets.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Assets.Infrastructure;

/// <summary>A room as a school describes it.</summary>
public sealed record RoomInput(string Building, string Name, RoomKind Kind, int? Capacity);

/// <summary>Register rooms of a school (its classrooms with their capacity, labs, library, gym), a list at once.</summary>
public sealed record RegisterRooms(Guid SchoolId, IReadOnlyList<RoomInput> Rooms)
{
    public sealed class Validator : AbstractValidator<RegisterRooms>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Rooms).NotEmpty().WithMessage("Give the rooms.")
                .Must(r => r.Count <= 500).WithErrorCode(ErrorCodes.Invalid).WithMessage("At most 500 rooms at once.");
            RuleForEach(x => x.Rooms).SetValidator(new RoomValidator());
        }
    }
}

/// <summary>Change a room's building, name, use or capacity.</summary>
public sealed record ChangeRoom(Guid SchoolId, Guid RoomId, RoomInput Room)
{
    public sealed class Validator : AbstractValidator<ChangeRoom>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.RoomId).NotEmpty().WithMessage("The room's id is required.");
            RuleFor(x => x.Room).SetValidator(new RoomValidator());
        }
    }
}

/// <summary>Take a room out of use (demolished, converted), with the reason.</summary>
public sealed record CloseRoom(Guid SchoolId, Guid RoomId, string Reason)
{
    public sealed class Validator : AbstractValidator<CloseRoom>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.RoomId).NotEmpty().WithMessage("The room's id is required.");
            RuleFor(x => x.Reason).Reason("demolished, now a storeroom");
        }
    }
}

internal sealed class RoomValidator : AbstractValidator<RoomInput>
{
    public RoomValidator()
    {
        RuleFor(x => x.Building).NotEmpty().WithMessage("The building is required (Main building).")
            .MaximumLength(100).WithErrorCode(ErrorCodes.Invalid).WithMessage("A building's name is at most 100 characters.");
        RuleFor(x => x.Name).NotEmpty().WithMessage("The room's name or number is required (12, Chemistry lab).")
            .MaximumLength(100).WithErrorCode(ErrorCodes.Invalid).WithMessage("A room's name is at most 100 characters.");
        RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        RuleFor(x => x.Capacity).InclusiveBetween(1, 2000).When(x => x.Capacity is not null).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A room's capacity is 1 to 2000 places.");
        RuleFor(x => x.Capacity).NotNull().When(x => x.Kind == RoomKind.Classroom)
            .WithMessage("A classroom's capacity (places) is required.");
    }
}

/// <summary>A school's answer about its basic services for a school year (the census), or a correction with its reason.</summary>
public sealed record ReportBasicServices(Guid SchoolId, string SchoolYear, ReportKind Kind, BasicServices Services, string? Reason)
{
    public sealed class Validator : AbstractValidator<ReportBasicServices>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Services).NotNull().WithMessage("Give the school's services.");
            RuleFor(x => x.Services.Electricity).IsInEnum().When(x => x.Services is not null).WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Services.Internet).IsInEnum().When(x => x.Services is not null).WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Reason!).Reason("the water supply was connected in March").When(x => x.Kind == ReportKind.Correction);
        }
    }
}

/// <summary>Record a school's Internet connection from a date (it replaces the one recorded before).</summary>
public sealed record RecordConnection(Guid SchoolId, ConnectionType Type, decimal DownMbps, decimal UpMbps, string? Provider, DateOnly Since)
{
    public sealed class Validator : AbstractValidator<RecordConnection>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Type).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.DownMbps).InclusiveBetween(0m, 100_000m).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Bandwidth down is 0 to 100,000 Mbit/s.");
            RuleFor(x => x.UpMbps).InclusiveBetween(0m, 100_000m).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Bandwidth up is 0 to 100,000 Mbit/s.");
            RuleFor(x => x.DownMbps).Equal(0m).When(x => x.Type == ConnectionType.None).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A school without a connection has no bandwidth.");
            RuleFor(x => x.DownMbps).GreaterThan(0m).When(x => x.Type != ConnectionType.None).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A connection has some bandwidth down; record type NONE for a school without one.");
            RuleFor(x => x.Provider).MaximumLength(100).WithErrorCode(ErrorCodes.Invalid).WithMessage("A provider's name is at most 100 characters.");
        }
    }
}

/// <summary>Report that a school lost its connection (the crisis case: distance learning without Internet).</summary>
public sealed record ReportOutage(Guid SchoolId, DateOnly Started, string Description)
{
    public sealed class Validator : AbstractValidator<ReportOutage>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Description).NotEmpty().WithMessage("Say what happened (the provider's line is down since the storm).")
                .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A description is at most 500 characters.");
        }
    }
}

/// <summary>Report that a school's connection is back.</summary>
public sealed record EndOutage(Guid SchoolId, Guid OutageId, DateOnly Ended)
{
    public sealed class Validator : AbstractValidator<EndOutage>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.OutageId).NotEmpty().WithMessage("The outage's id is required.");
        }
    }
}

public static class InfrastructureHandler
{
    public static async Task<AssetsChangedV1> Handle(RegisterRooms command, IDocumentSession session, CancellationToken ct)
    {
        var school = await AssetsAccess.OpenSchoolAsync(session, command.SchoolId, "schoolId", ct);
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct);
        stream.AppendMany(Decide(command, Assets.PlaceOf(school), stream.Aggregate, Guid.NewGuid));
        return Changed(session, school.Id, "infrastructure_changed");
    }

    public static async Task<AssetsChangedV1> Handle(ChangeRoom command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(command.SchoolId), ct);
        var room = OpenRoom(stream.Aggregate, command.RoomId);
        var (building, name) = (command.Room.Building.Trim(), command.Room.Name.Trim());
        if (room.Building == building && room.Name == name && room.Kind == command.Room.Kind && room.Capacity == command.Room.Capacity)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "room", "The room is already so.");
        }
        if (stream.Aggregate!.Rooms.Any(r => !r.Closed && r.RoomId != room.RoomId && Same(r, building, name)))
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "room.name", $"There is another room {name} in {building}.");
        }
        stream.AppendOne(new RoomChanged(stream.Aggregate.Id, room.RoomId, building, name, command.Room.Kind, command.Room.Capacity));
        return Changed(session, command.SchoolId, "infrastructure_changed");
    }

    public static async Task<AssetsChangedV1> Handle(CloseRoom command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(command.SchoolId), ct);
        var room = OpenRoom(stream.Aggregate, command.RoomId);
        stream.AppendOne(new RoomClosed(stream.Aggregate!.Id, room.RoomId, command.Reason.Trim()));
        return Changed(session, command.SchoolId, "infrastructure_changed");
    }

    public static async Task<AssetsChangedV1> Handle(ReportBasicServices command, IDocumentSession session, CancellationToken ct)
    {
        var school = await AssetsAccess.OpenSchoolAsync(session, command.SchoolId, "schoolId", ct);
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct);
        stream.AppendOne(Decide(command, Assets.PlaceOf(school), stream.Aggregate));
        return Changed(session, school.Id, "infrastructure_changed");
    }

    public static async Task<AssetsChangedV1> Handle(RecordConnection command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        NotAfterToday(command.Since, "since", clock);
        var school = await AssetsAccess.OpenSchoolAsync(session, command.SchoolId, "schoolId", ct);
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct);
        stream.AppendOne(Decide(command, Assets.PlaceOf(school), stream.Aggregate));
        return Changed(session, school.Id, "connectivity_changed");
    }

    public static async Task<Guid> Handle(ReportOutage command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        NotAfterToday(command.Started, "started", clock);
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(command.SchoolId), ct);
        if (stream.Aggregate?.Connection is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId", "The school has no connection recorded: record it first.");
        }
        if (stream.Aggregate.Outages.FirstOrDefault(o => o.Ended is null) is { } open)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "schoolId",
                $"An outage is already open since {open.Started:yyyy-MM-dd} ({open.OutageId}); end it first.");
        }
        var id = Guid.NewGuid();
        stream.AppendOne(new OutageReported(stream.Aggregate.Id, id, command.Started, command.Description.Trim()));
        return id;
    }

    public static async Task Handle(EndOutage command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        NotAfterToday(command.Ended, "ended", clock);
        var stream = await session.Events.FetchForWriting<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(command.SchoolId), ct);
        var outage = stream.Aggregate?.Outages.FirstOrDefault(o => o.OutageId == command.OutageId)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "outageId", $"The school has no outage {command.OutageId}.");
        if (outage.Ended is { } ended)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "outageId", $"The outage ended on {ended:yyyy-MM-dd}.");
        }
        if (command.Ended < outage.Started)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "ended",
                $"The outage started on {outage.Started:yyyy-MM-dd}; it cannot end before.");
        }
        stream.AppendOne(new OutageEnded(stream.Aggregate!.Id, outage.OutageId, command.Ended));
    }

    /// <summary>The rooms, or why not: no room twice under one building and name, none already there.</summary>
    public static IEnumerable<object> Decide(RegisterRooms command, SchoolPlace school, SchoolInfrastructureView? now, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new List<UserError>();
        var seen = new List<Room>(now?.Rooms.Where(r => !r.Closed) ?? []);
        var events = new List<object>();
        for (var i = 0; i < command.Rooms.Count; i++)
        {
            var r = command.Rooms[i];
            var (building, name) = (r.Building.Trim(), r.Name.Trim());
            if (seen.Any(s => Same(s, building, name)))
            {
                errors.Add(new UserError(ErrorCodes.Duplicate, $"rooms[{i}].name", $"There is already a room {name} in {building}."));
                continue;
            }
            var room = new Room(newId(), building, name, r.Kind, r.Capacity, false);
            seen.Add(room);
            events.Add(new RoomRegistered(SchoolInfrastructureView.IdFor(school.SchoolId), school, room.RoomId, building, name, r.Kind, r.Capacity));
        }
        return errors.Count > 0 ? throw new CommandRejectedException(errors) : events;
    }

    /// <summary>The answer, or why not: one census answer per school year; a correction changes an answer given.</summary>
    public static BasicServicesReported Decide(ReportBasicServices command, SchoolPlace school, SchoolInfrastructureView? now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var given = now?.ServicesOf(command.SchoolYear);
        if (command.Kind == ReportKind.Census && given is not null)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "kind",
                $"The school answered the {command.SchoolYear} census already; send a CORRECTION with the reason.");
        }
        if (command.Kind == ReportKind.Correction && given is null)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "kind",
                $"There is no {command.SchoolYear} answer to correct; send the CENSUS answer.");
        }
        if (given is not null && given.Services == command.Services)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "services", $"The {command.SchoolYear} answer is already so.");
        }
        return new BasicServicesReported(SchoolInfrastructureView.IdFor(school.SchoolId), school, command.SchoolYear, command.Kind, command.Services,
            command.Kind == ReportKind.Correction ? command.Reason!.Trim() : null);
    }

    /// <summary>The connection, or why not: from the day the one recorded now started or later, and not the same again.</summary>
    public static ConnectionRecorded Decide(RecordConnection command, SchoolPlace school, SchoolInfrastructureView? now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(school);
        var connection = now?.Connection;
        if (connection is not null && command.Since < connection.Since)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "since",
                $"The connection recorded now has been there since {connection.Since:yyyy-MM-dd}; a new one starts on or after that day.");
        }
        var provider = string.IsNullOrWhiteSpace(command.Provider) ? null : command.Provider.Trim();
        if (connection is not null && connection.Type == command.Type && connection.DownMbps == command.DownMbps
            && connection.UpMbps == command.UpMbps && connection.Provider == provider)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "type", "The school's connection is already so.");
        }
        return new ConnectionRecorded(SchoolInfrastructureView.IdFor(school.SchoolId), school, command.Type, command.DownMbps, command.UpMbps,
            provider, command.Since);
    }

    private static Room OpenRoom(SchoolInfrastructureView? view, Guid roomId)
    {
        var room = view?.Room(roomId) ?? throw new CommandRejectedException(ErrorCodes.NotFound, "roomId", $"The school has no room {roomId}.");
        return room.Closed ? throw new CommandRejectedException(ErrorCodes.RuleViolated, "roomId", $"Room {room.Name} is closed.") : room;
    }

    private static void NotAfterToday(DateOnly date, string field, TimeProvider clock)
    {
        if (date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, field, $"{date:yyyy-MM-dd} is in the future.");
        }
    }

    private static bool Same(Room room, string building, string name) =>
        string.Equals(room.Building, building, StringComparison.OrdinalIgnoreCase) && string.Equals(room.Name, name,
            StringComparison.OrdinalIgnoreCase);

    private static AssetsChangedV1 Changed(IDocumentSession session, Guid schoolId, string change) => new(session.TenantId, [schoolId], change);
}

/// <summary>A school's infrastructure and connection: whoever manages the school.</summary>
internal sealed class InfrastructurePolicy(AssetsAccess access) : ICommandPolicy<RegisterRooms>, ICommandPolicy<ChangeRoom>,
    ICommandPolicy<CloseRoom>,
    ICommandPolicy<ReportBasicServices>, ICommandPolicy<RecordConnection>, ICommandPolicy<ReportOutage>, ICommandPolicy<EndOutage>
{
    private const string What = "change this school's infrastructure";

    public Task<UserError?> AuthorizeAsync(Caller caller, RegisterRooms command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, ChangeRoom command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, CloseRoom command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, ReportBasicServices command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, RecordConnection command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, ReportOutage command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);

    public Task<UserError?> AuthorizeAsync(Caller caller, EndOutage command, CancellationToken ct) =>
        access.ManagesSchoolAsync(caller, command.SchoolId, "schoolId", What, ct);
}
