using Emis.Assets.Contracts;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Marten;
using HeldRow = Emis.Platform.Imports.StoredImportRow<
    Emis.Assets.Devices.ImportingDevices.DeviceRowResult, Emis.Assets.Devices.ImportingDevices.DeviceDraft>;

namespace Emis.Assets.Devices.ImportingDevices.Reviewing;

/// <summary>What deciding a row gave: its new result and the device registered, or what was wrong (nothing written).</summary>
public sealed record DeviceRowDecided(DeviceRowResult? Result, DeviceView? Device, IReadOnlyList<UserError> Errors)
    : IMutationPayload<DeviceRowDecided>
{
    public static DeviceRowDecided Refused(IReadOnlyList<UserError> errors) => new(null, null, errors);
}

/// <summary>
/// The review queue of device imports (adr/0031): an import's rows held for review within the caller's scope, and a reviewer's
/// decision on one. A decision is one transaction, serialised with imports in the jurisdiction (the import lock) and with the row
/// locked and its status checked again, so a row is decided exactly once: REGISTER writes the device's stream, its
/// <see cref="DeviceView"/> and its asset-figure rows as the import does (<see cref="DeviceImportWriter"/>), the report's row and
/// the import's summary, and <see cref="AssetsChangedV1"/> leaves through the outbox after the commit; REJECT writes the row and
/// the summary. Ministry admins decide any row, municipality officers the rows of their municipality's schools, school admins their
/// school's (<see cref="AssetsAccess.MayManage(Caller, AssetsSchool?)"/>); a row without a certain school its importer and the ministry.
/// </summary>
public sealed partial class DeviceImportReview(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ImportRows rows,
    IServiceScopeFactory scopes,
    ILogger<DeviceImportReview> logger)
{
    public static bool MayReview(Caller caller) => caller.Role is Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin;

    /// <summary>Whether one row lies in the caller's scope (the rule of <see cref="ImportRows.PageAsync{TResult}"/>).</summary>
    public static bool InScope(Caller caller, ImportDocument import, string? schoolCode, string? municipality) => schoolCode is null
        ? caller.Role == Roles.MinistryAdmin || (MayReview(caller) && import.Actor == caller.Subject)
        : AssetsAccess.MayManage(caller, municipality, schoolCode);

    /// <summary>The import, when the caller may review and see it (they ran it, or some of its rows are in their scope).</summary>
    public async Task<DeviceImport?> ImportAsync(Caller caller, Guid importId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!MayReview(caller)) return null;
        await using var session = store.QuerySession(caller.Jurisdiction);
        var import = await session.LoadAsync<DeviceImport>(importId, ct);
        return import is not null && import.VisibleTo(caller) ? import : null;
    }

    /// <summary>A page of the import's rows in the caller's scope, in file order, optionally of some statuses only.</summary>
    public Task<Page<DeviceRowResult>> RowsAsync(Caller caller, DeviceImport import, IReadOnlyCollection<string>? statuses, int offset,
        int pageSize, CancellationToken ct) => rows.PageAsync<DeviceRowResult>(caller, import, statuses, offset, pageSize, ct);

    /// <summary>Applies a reviewer's decision to a row held for review.</summary>
    public async Task<DeviceRowDecided> DecideAsync(Caller caller, CommandContext context, DecideDeviceImportRow command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        if (!MayReview(caller))
        {
            return Refused(new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not decide rows of a device import."));
        }
        if (DeviceRowDecisions.CheckInput(command) is { Count: > 0 } invalid) return DeviceRowDecided.Refused(invalid);
        var tenant = caller.Jurisdiction;
        var import = await ImportAsync(caller, command.ImportId, ct);
        if (import is null)
        {
            return Refused(new UserError(ErrorCodes.NotFound, "importId", $"There is no device import {command.ImportId} in your scope."));
        }

        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        // The importer holds the same lock for a whole import: a decision waits for a running import a little, not for all of it.
        if (!await ImportLock.TryTakeAsync(write, TimeSpan.FromSeconds(15), ct))
        {
            return Refused(new UserError(
                ErrorCodes.ConcurrencyConflict, "importId", "An import is running in this jurisdiction; try again when it has finished."));
        }
        var document = await write.Session.LoadAsync<DeviceImport>(import.Id, ct) ?? import;
        if (document.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "importId",
                $"The import is {document.Status} (running or interrupted; importing the same file again completes it): its rows cannot be " +
                "decided yet."));
        }
        var held = await rows.RowAsync<DeviceRowResult, DeviceDraft>(write.Connection, tenant, import.Id, command.Row, forUpdate: true, ct);
        if (held is null) return Refused(new UserError(ErrorCodes.NotFound, "row", $"The import has no row {command.Row}."));
        if (!InScope(caller, document, held.SchoolCode, held.Municipality))
        {
            return Refused(AssetsAccess.Forbidden(caller, "row", $"decide row {command.Row}, whose school is " +
                (held.SchoolCode ?? "not certain (its importer or the ministry decides it)")));
        }
        if (held.Status != RowStatus.Review)
        {
            var decided = held.Result.Decision is { } d ? $" ({d.Decision} by {d.Actor} at {d.DecidedAt:u})" : "";
            return Refused(new UserError(ErrorCodes.RuleViolated, "row",
                $"Row {command.Row} is not held for review (it is {held.Status}{decided}); a row is decided once."));
        }

        var decision = new ReviewDecision(command.Decision == DeviceImportDecision.Register ? "REGISTER" : "REJECT", context.Actor, write.Now,
            string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim());
        DeviceRowResult result;
        AssetsSchool? school = null;
        DeviceRegistered? registered = null;
        if (command.Decision == DeviceImportDecision.Register)
        {
            var (chosen, error) = await SchoolAsync(caller, write.Session, held, command, ct);
            if (error is not null) return Refused(error);
            school = chosen!;
            if (held.Kept is not { } draft)
            {
                return Refused(new UserError(ErrorCodes.RuleViolated, "row",
                    $"Row {command.Row} kept nothing to register; reject it and import the device again."));
            }
            var rooms = await write.Session.LoadAsync<SchoolInfrastructureView>(SchoolInfrastructureView.IdFor(school.Id), ct);
            // The room the row matched stays, unless the reviewer chose another or another school.
            var roomId = command.RoomId ?? (command.SchoolId is null || school.Code == held.SchoolCode ? held.Result.Device.RoomId : null);
            var existing = draft.SerialNumber is { } serial
                ? await write.Session.LoadAsync<DeviceView>(DeviceIdentity.For(tenant, serial), ct)
                : null;
            try
            {
                registered = DeviceRowDecisions.Register(draft, tenant, school, roomId, existing, rooms,
                    DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            }
            catch (CommandRejectedException rejected)
            {
                return DeviceRowDecided.Refused(rejected.Errors);
            }
            var roomName = registered.RoomId is { } r ? rooms?.Room(r)?.Name : null;
            result = DeviceRowDecisions.Registered(held.Result, registered, school, draft.SchoolText ?? draft.SchoolCodeText, roomName, decision);
            await DeviceImportWriter.AppendAsync(write, [registered], ct);
            document.Touch(school.Code, school.Municipality);
            if (write.Outbox is { } bus) await bus.PublishAsync(new AssetsChangedV1(tenant, [school.Id], "device_changed"));
        }
        else
        {
            result = DeviceRowDecisions.Rejected(held.Result, decision);
        }

        try
        {
            await ImportRows.UpdateAsync(write, import.Id, new ImportRowRecord(command.Row, result.Status, school?.Code ?? held.SchoolCode,
                school?.Municipality ?? held.Municipality, registered?.DeviceId, result, null), ct);
            document.Summary = document.Summary.Moved(result.Status);
            write.Session.Store(document);
            await write.CommitAsync(ct);
        }
        catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The serial number registered meanwhile by registerDevice (outside the import lock): its stream id is taken.
            return Refused(new UserError(ErrorCodes.Duplicate, "serialNumber",
                $"Serial number {held.Kept?.SerialNumber} was registered at the same moment; nothing of this decision was kept."));
        }
        LogDecided(logger, import.Id, command.Row, decision.Decision, result.Status);
        DeviceView? device = null;
        if (registered is not null)
        {
            await using var session = store.QuerySession(tenant);
            device = await session.LoadAsync<DeviceView>(registered.DeviceId, ct);
        }
        return new DeviceRowDecided(result, device, []);
    }

    /// <summary>The school a registered row goes to: the one chosen, else the row's own; open, and one the caller manages.</summary>
    private static async Task<(AssetsSchool? School, UserError? Error)> SchoolAsync(Caller caller, IQuerySession session, HeldRow held,
        DecideDeviceImportRow command, CancellationToken ct)
    {
        AssetsSchool? school;
        if (command.SchoolId is { } id)
        {
            school = await session.LoadAsync<AssetsSchool>(id, ct);
            if (school is null || !caller.CanSeeSchool(school.Municipality, school.Code))
            {
                return (null, new UserError(ErrorCodes.NotFound, "schoolId", $"There is no school with id {id}."));
            }
        }
        else if (held.SchoolCode is { } code)
        {
            school = await session.Query<AssetsSchool>().FirstOrDefaultAsync(s => s.Code == code, ct);
            if (school is null) return (null, new UserError(ErrorCodes.NotFound, "schoolId", $"There is no school with code {code}."));
        }
        else
        {
            var candidates = held.Result.Candidates is { Count: > 0 } c ? " (candidates: " + string.Join(", ", c.Select(x => x.Code)) + ")" : "";
            return (null, new UserError(ErrorCodes.Required, "schoolId",
                $"Row {command.Row} has no certain school: choose it in schoolId{candidates}."));
        }
        return AssetsAccess.MayManage(caller, school)
            ? (school, null)
            : (null, AssetsAccess.Forbidden(caller, "schoolId", $"register devices at {school.Name} ({school.Code})"));
    }

    private static DeviceRowDecided Refused(UserError error) => DeviceRowDecided.Refused([error]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device import {ImportId}: row {Row} decided in review ({Decision}), now {Status}")]
    private static partial void LogDecided(ILogger logger, Guid importId, int row, string decision, string status);
}
