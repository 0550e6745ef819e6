using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.GettingStaff;
using Marten;

namespace Emis.Staffing.Staff;

/// <summary>
/// Who may change what: the ministry everywhere, a municipality officer in their municipality, a school admin in their
/// school. The commands' policies (beside each handler) are made of these checks.
/// </summary>
public sealed class StaffAccess(IDocumentStore store)
{
    public async Task<StaffingSchool?> SchoolAsync(Caller caller, Guid schoolId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<StaffingSchool>(schoolId, ct);
    }

    public async Task<StaffProfile?> StaffAsync(Caller caller, Guid staffId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<StaffProfile>(staffId, ct);
    }

    public static bool MayManage(Caller caller, string? municipality, string? schoolCode) => caller.ManagesSchool(municipality, schoolCode);

    public static bool MayManage(Caller caller, StaffingSchool? school) => school is not null && MayManage(caller, school.Municipality, school.Code);

    /// <summary>Whether the caller manages a member of staff: one of the schools they work at (or last worked at) is theirs.</summary>
    public static bool MayManage(Caller caller, StaffProfile? staff) => staff is not null && (caller.Role == Roles.MinistryAdmin
        || staff.CurrentContracts.Any(c => MayManage(caller, c.Municipality, c.SchoolCode))
        || (!staff.Employed && staff.Contracts.TakeLast(1).Any(c => MayManage(caller, c.Municipality, c.SchoolCode))));

    public static UserError Forbidden(Caller caller, string? field, string what) =>
        new(ErrorCodes.Forbidden, field, $"The role '{caller.Role}' may not {what} (outside your scope).");

    public static UserError UnknownSchool(Guid id, string field) => new(ErrorCodes.NotFound, field, $"There is no school with id {id}.");

    public static UserError UnknownStaff(Guid id) => new(ErrorCodes.NotFound, "staffId", $"There is no member of staff with id {id} in your scope.");

    /// <summary>Refuses unless the caller manages the member of staff.</summary>
    public async Task<UserError?> ManagesStaffAsync(Caller caller, Guid staffId, string what, CancellationToken ct)
    {
        var staff = await StaffAsync(caller, staffId, ct);
        if (staff is null || !StaffQueries.CanSee(caller, staff)) return UnknownStaff(staffId);
        return MayManage(caller, staff) ? null : Forbidden(caller, "staffId", what);
    }

    /// <summary>Refuses unless the caller manages the school.</summary>
    public async Task<UserError?> ManagesSchoolAsync(Caller caller, Guid schoolId, string field, string what, CancellationToken ct)
    {
        var school = await SchoolAsync(caller, schoolId, ct);
        if (school is null) return UnknownSchool(schoolId, field);
        return MayManage(caller, school) ? null : Forbidden(caller, field, what);
    }

    /// <summary>Refuses unless the caller manages both the member of staff (if they exist) and the school.</summary>
    public async Task<UserError?> ManagesStaffAtSchoolAsync(Caller caller, Guid staffId, Guid schoolId, string field, string what,
        CancellationToken ct)
    {
        var staff = await StaffAsync(caller, staffId, ct);
        if (staff is null) return UnknownStaff(staffId);
        return await ManagesSchoolAsync(caller, schoolId, field, what, ct);
    }
}
