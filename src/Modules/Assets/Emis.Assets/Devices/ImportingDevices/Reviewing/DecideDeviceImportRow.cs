using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Imports;

namespace Emis.Assets.Devices.ImportingDevices.Reviewing;

/// <summary>What a reviewer decides about a device row held for review.</summary>
public enum DeviceImportDecision
{
    /// <summary>Register the device the row describes, at the school chosen (and optionally in one of its rooms).</summary>
    Register,

    /// <summary>Do not register it (a reason is required).</summary>
    Reject,
}

/// <summary>Decide one row of a device import held for review (adr/0031).</summary>
/// <param name="SchoolId">
/// For REGISTER: the school (one of the row's candidates, or any school you manage); the row's own school when omitted.
/// </param>
/// <param name="RoomId">For REGISTER: a room of that school in use; the room the row matched when omitted (none when it matched none).</param>
public sealed record DecideDeviceImportRow(Guid ImportId, int Row, DeviceImportDecision Decision, Guid? SchoolId = null, Guid? RoomId = null,
    string? Reason = null)
{
    public override string ToString() => $"DecideDeviceImportRow {{ ImportId = {ImportId}, Row = {Row}, Decision = {Decision} }}";
}

/// <summary>
/// The decisions of a device review that need no database: what the input must carry, the registration a row stands for
/// (registerDevice's own validator and <see cref="DeviceHandler.Decide(RegisterDevice, Guid, AssetsSchool, DeviceView?,
/// SchoolInfrastructureView?, DateOnly, DeviceState)"/>: a serial number registered already is refused as DUPLICATE naming the
/// device), and the row's result afterwards.
/// </summary>
public static class DeviceRowDecisions
{
    private static readonly RegisterDevice.Validator Validator = new();

    /// <summary>What the input lacks or carries in vain for its decision.</summary>
    public static IReadOnlyList<UserError> CheckInput(DecideDeviceImportRow command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new List<UserError>();
        if (command.Row < 1) errors.Add(new UserError(ErrorCodes.Invalid, "row", "A row number is 1 or more."));
        if (command.Decision == DeviceImportDecision.Reject)
        {
            if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new UserError(ErrorCodes.Required, "reason", "Say why the row is rejected."));
            if (command.SchoolId is not null || command.RoomId is not null)
            {
                errors.Add(new UserError(ErrorCodes.Invalid, command.SchoolId is not null ? "schoolId" : "roomId",
                    "A school or room is chosen only for a row that is registered (REGISTER)."));
            }
        }
        else if (command.Reason is { Length: > 500 })
        {
            errors.Add(new UserError(ErrorCodes.Invalid, "reason", "A reason is at most 500 characters."));
        }
        return errors;
    }

    /// <summary>
    /// The registration the row's kept draft stands for at <paramref name="school"/>, decided as registerDevice decides it;
    /// throws <see cref="CommandRejectedException"/> naming the input's fields when it may not be registered.
    /// </summary>
    public static DeviceRegistered Register(DeviceDraft draft, string tenant, AssetsSchool school, Guid? roomId, DeviceView? existing,
        SchoolInfrastructureView? rooms, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(school);
        if (draft.SerialNumber is null || draft.Type is null || draft.Make is null || draft.Model is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "row",
                $"Row {draft.Row} kept no complete device to register; reject it and import the device again.");
        }
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId", $"{school.Name} ({school.Code}) is closed.");
        }
        var command = new RegisterDevice(school.Id, draft.SerialNumber, draft.Type.Value, draft.Make, draft.Model, draft.AcquiredOn, draft.Cost,
            draft.Currency, draft.FundingSource, roomId);
        if (Validator.Validate(command).Errors is { Count: > 0 } failures)
        {
            throw new CommandRejectedException([.. failures.Select(f => new UserError(ErrorCodes.Invalid,
                CommandValidation.CamelCase(f.PropertyName), f.ErrorMessage))]);
        }
        return DeviceHandler.Decide(command, DeviceIdentity.For(tenant, draft.SerialNumber), school, existing, rooms, today, draft.State);
    }

    /// <summary>The row's result once registered in review: the device as registered, no doubts left, the decision recorded.</summary>
    /// <param name="written">How the file named the school (its name, else its code).</param>
    /// <param name="roomName">The name of the room the device went to, if any.</param>
    public static DeviceRowResult Registered(DeviceRowResult held, DeviceRegistered registered, AssetsSchool school, string? written,
        string? roomName, ReviewDecision decision)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(school);
        var corrections = held.Corrections.Where(c => c.Field is not "school" and not "room").ToList();
        if (written is not null && written != school.Name && !string.Equals(written, school.Code, StringComparison.OrdinalIgnoreCase))
        {
            var confidence = held.Candidates?.FirstOrDefault(c => c.Code == school.Code)?.Confidence;
            corrections.Add(new Correction("school", written, school.Name, confidence));
        }
        if (held.Device.Room is { } room && roomName is not null && room != roomName) corrections.Add(new Correction("room", room, roomName));
        var device = held.Device with
        {
            DeviceId = registered.DeviceId,
            SchoolCode = registered.School.SchoolCode,
            Room = registered.RoomId is null ? null : roomName ?? held.Device.Room,
            RoomId = registered.RoomId,
        };
        return new DeviceRowResult(held.Row, RowStatus.Imported, device, null, corrections, []) { Decision = decision };
    }

    /// <summary>The row's result once rejected in review: what it was, its doubts, and why a person rejected it.</summary>
    public static DeviceRowResult Rejected(DeviceRowResult held, ReviewDecision decision)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(decision);
        return new DeviceRowResult(held.Row, RowStatus.Rejected, held.Device, held.Other, held.Corrections,
            [.. held.Errors, new RowProblem("row", "REJECTED_IN_REVIEW", "Rejected in review: " + decision.Reason)])
        {
            Decision = decision,
        };
    }
}
