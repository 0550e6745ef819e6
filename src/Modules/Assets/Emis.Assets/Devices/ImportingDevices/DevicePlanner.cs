using System.Globalization;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Imports;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>What the import will do with one row.</summary>
public sealed class PlannedDevice
{
    public required DeviceDraft Draft { get; init; }
    public string Status { get; set; } = RowStatus.Rejected;
    public AssetsSchool? School { get; set; }
    public IReadOnlyList<(AssetsSchool School, double Confidence)> SchoolCandidates { get; set; } = [];
    public Guid? RoomId { get; set; }

    /// <summary>The device the row's serial number stands for (DeviceIdentity.For): registered by the row when imported.</summary>
    public Guid? DeviceId { get; set; }

    /// <summary>The registration the row stands for, as registerDevice decides it (imported rows only).</summary>
    public DeviceRegistered? Registered { get; set; }

    /// <summary>The device already registered under the row's serial number (a duplicate, or a row held for review because of it).</summary>
    public OtherDevice? Other { get; set; }

    public override string ToString() => $"PlannedDevice {{ Row = {Draft.Row}, Status = {Status} }}";
}

/// <summary>
/// Decides every row of a device inventory: clean it, match its school (open, in the caller's scope) and room, decide the registration with
/// registerDevice's own validator and decision (<see cref="DeviceHandler.Decide(RegisterDevice, Guid, AssetsSchool, DeviceView?,
/// SchoolInfrastructureView?, DateOnly, DeviceState)"/>), then compare each serial number with the devices in Emis and the rows before it.
/// A serial number registered already is never registered again: the row is a duplicate when it describes that very device (same school,
/// type, make and model: an inventory sent again), otherwise it is held for review naming the other device (adr/0031). Pure: the same
/// file, schools, rooms and devices give the same plan.
/// </summary>
public static class DevicePlanner
{
    private static readonly RegisterDevice.Validator Validator = new();

    /// <param name="known">The devices in Emis by id (those this import registered itself left out: a resumed import plans alike).</param>
    /// <param name="rooms">Each school's infrastructure (its rooms) by school id.</param>
    public static List<PlannedDevice> Plan(string tenant, Sheet sheet, SheetColumns<DeviceField> columns, SchoolMatcher<AssetsSchool> schools,
        IReadOnlyDictionary<Guid, SchoolInfrastructureView> rooms, IReadOnlyDictionary<Guid, OtherDevice> known, DateOnly today,
        Func<AssetsSchool, bool>? mayImportInto)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(columns);
        var costHeader = columns[DeviceField.Cost] is { } costColumn ? sheet.Header[costColumn] : null;
        var planned = new PlannedDevice[sheet.Rows.Count];
        // Cleaning, matching and deciding are independent per row: spread over the cores.
        Parallel.For(0, sheet.Rows.Count, i =>
        {
            var row = new PlannedDevice { Draft = DeviceCleaning.Clean(sheet.Rows[i], columns, costHeader, today) };
            Check(row, tenant, schools, rooms, today, mayImportInto);
            planned[i] = row;
        });

        var claimed = new Dictionary<Guid, PlannedDevice>();
        foreach (var row in planned)
        {
            var draft = row.Draft;
            if (draft.Errors.Count > 0)
            {
                row.Status = RowStatus.Rejected;
                continue;
            }
            var id = row.DeviceId!.Value;
            var other = known.GetValueOrDefault(id) ?? (claimed.TryGetValue(id, out var earlier) ? Describe(earlier) : null);
            if (other is not null)
            {
                row.Other = other;
                var earlierImported = claimed.GetValueOrDefault(id) is not { } e || e.Status == RowStatus.Imported;
                if (draft.Doubts.Count == 0 && earlierImported && Same(row, other))
                {
                    row.Status = RowStatus.Duplicate;
                    continue;
                }
                draft.Doubts.Add(new RowProblem("serialNumber", other.Row is null ? "SERIAL_REGISTERED" : "SERIAL_TWICE",
                    other.Row is null
                        ? $"Serial number {draft.SerialNumber} is registered already: {other.Describe()}. Never registered twice: say which is right."
                        : $"Serial number {draft.SerialNumber} is also in row {other.Row}: {other.Describe()}. Never registered twice: say which "
                            + "is right."));
                row.Status = RowStatus.Review;
                continue;
            }
            row.Status = draft.Doubts.Count > 0 ? RowStatus.Review : RowStatus.Imported;
            // A later row with the same serial waits for this one, whatever becomes of it.
            claimed[id] = row;
        }
        return [.. planned];
    }

    /// <summary>The school, scope, room and registerDevice's rules on one row; errors reject it, doubts hold it for review.</summary>
    private static void Check(PlannedDevice row, string tenant, SchoolMatcher<AssetsSchool> schools,
        IReadOnlyDictionary<Guid, SchoolInfrastructureView> rooms, DateOnly today, Func<AssetsSchool, bool>? mayImportInto)
    {
        var draft = row.Draft;
        if (draft.SerialNumber is { } serial) row.DeviceId = DeviceIdentity.For(tenant, serial);
        MatchSchool(row, schools);
        if (row.School is not { } school) return;
        if (school.IsClosed)
        {
            draft.Errors.Add(new RowProblem("school", "SCHOOL_CLOSED", $"{school.Name} ({school.Code}) is closed; no device is registered there."));
        }
        if (mayImportInto is not null && !mayImportInto(school))
        {
            draft.Errors.Add(new RowProblem("school", "FORBIDDEN",
                $"You may not register devices at {school.Name} ({school.Code}): outside your scope."));
        }
        var infrastructure = rooms.GetValueOrDefault(school.Id);
        if (draft.RoomText is { } roomText) MatchRoom(row, school, infrastructure, roomText);
        if (draft.Errors.Count > 0 || draft.Type is null || draft.Make is null || draft.Model is null || draft.SerialNumber is null) return;
        var command = new RegisterDevice(school.Id, draft.SerialNumber, draft.Type.Value, draft.Make, draft.Model, draft.AcquiredOn, draft.Cost,
            draft.Currency, draft.FundingSource, row.RoomId);
        foreach (var failure in Validator.Validate(command).Errors)
        {
            draft.Errors.Add(new RowProblem(CommandValidation.CamelCase(failure.PropertyName) ?? "row", "INVALID", failure.ErrorMessage));
        }
        if (draft.Errors.Count > 0) return;
        try
        {
            // Duplicates are the planner's (with more outcomes than registerDevice's refusal): the decision sees none here.
            row.Registered = DeviceHandler.Decide(command, row.DeviceId!.Value, school, null, infrastructure, today, draft.State);
        }
        catch (CommandRejectedException rejected)
        {
            foreach (var e in rejected.Errors) draft.Errors.Add(new RowProblem(e.Field ?? "row", e.Code, e.Message));
        }
    }

    private static void MatchSchool(PlannedDevice row, SchoolMatcher<AssetsSchool> schools)
    {
        var draft = row.Draft;
        if (draft.SchoolText is null && draft.SchoolCodeText is null) return;
        var written = draft.SchoolText ?? draft.SchoolCodeText!;
        var match = schools.Match(draft.SchoolText, draft.SchoolCodeText);
        row.SchoolCandidates = match.Candidates;
        if (match.School is { } school)
        {
            row.School = school;
            if (written != school.Name && written != school.Code)
            {
                draft.Corrections.Add(new Correction("school", written, school.Name, match.Confidence));
            }
        }
        else if (match.Candidates.Count == 0)
        {
            draft.Errors.Add(new RowProblem("school", "SCHOOL_NOT_FOUND",
                $"No school in the registry is called '{written}' or anything close; register the school first."));
        }
        else
        {
            // Two schools of one name, or a name not close enough to one: a person decides, never a guess.
            draft.Doubts.Add(new RowProblem("school", "SCHOOL_UNCERTAIN", $"'{written}' is not certainly any school of the registry; closest: " +
                string.Join(", ", match.Candidates.Select(c =>
                    $"{c.School.Name} ({c.School.Code}, {c.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})")) + "."));
        }
    }

    /// <summary>
    /// The room by its name (or building and name) among the school's rooms in use. A room the school does not have is held for review,
    /// not dropped nor guessed: the device is real, and a person registers the room or corrects its name (adr/0031).
    /// </summary>
    private static void MatchRoom(PlannedDevice row, AssetsSchool school, SchoolInfrastructureView? infrastructure, string text)
    {
        var key = ColumnCatalogue.Key(text);
        var open = infrastructure?.Rooms.Where(r => !r.Closed).ToList() ?? [];
        var matches = open.Where(r => ColumnCatalogue.Key(r.Name) == key || ColumnCatalogue.Key(r.Building + " " + r.Name) == key).ToList();
        if (matches.Count == 1)
        {
            row.RoomId = matches[0].RoomId;
            if (text != matches[0].Name) row.Draft.Corrections.Add(new Correction("room", text, $"{matches[0].Building}, {matches[0].Name}"));
            return;
        }
        row.Draft.Doubts.Add(matches.Count > 1
            ? new RowProblem("room", "ROOM_AMBIGUOUS", $"{school.Code} has {matches.Count} rooms called '{text}' (in " +
                string.Join(", ", matches.Select(m => m.Building)) + "): write the building too.")
            : new RowProblem("room", "ROOM_NOT_FOUND", $"{school.Code} has no room '{text}' in use" + (open.Count == 0
                ? " (it has no rooms registered): register its rooms first, or leave the room empty."
                : $"; its rooms: {string.Join(", ", open.Take(10).Select(r => r.Name))}{(open.Count > 10 ? ", …" : "")}.")));
    }

    private static bool Same(PlannedDevice row, OtherDevice other) =>
        row.School!.Code == other.SchoolCode && row.Draft.Type.ToString() == other.Type
        && ColumnCatalogue.Key(row.Draft.Make!) == ColumnCatalogue.Key(other.Make)
        && ColumnCatalogue.Key(row.Draft.Model!) == ColumnCatalogue.Key(other.Model);

    private static OtherDevice Describe(PlannedDevice earlier)
    {
        var d = earlier.Draft;
        return new OtherDevice(earlier.DeviceId!.Value, d.Row, d.SerialNumber!, d.Type?.ToString() ?? "", d.Make ?? "", d.Model ?? "",
            earlier.School?.Code ?? d.SchoolCodeText ?? d.SchoolText ?? "");
    }
}
