using Emis.Assets.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Marten;

namespace Emis.Assets;

/// <summary>
/// Who may change and read a school's assets: the ministry admin everywhere, a municipality officer in their municipality, a
/// school admin in their school. Norms, prices and purchase proposals are the ministry's. The commands' policies are made of
/// these checks.
/// </summary>
public sealed class AssetsAccess(IDocumentStore store)
{
    public async Task<AssetsSchool?> SchoolAsync(string jurisdiction, Guid schoolId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        return await session.LoadAsync<AssetsSchool>(schoolId, ct);
    }

    public static bool MayManage(Caller caller, string? municipality, string? schoolCode) => caller.ManagesSchool(municipality, schoolCode);

    public static bool MayManage(Caller caller, AssetsSchool? school) => school is not null && MayManage(caller, school.Municipality, school.Code);

    /// <summary>Refuses unless the caller manages the school (a school outside their scope is not named: NOT_FOUND).</summary>
    public async Task<UserError?> ManagesSchoolAsync(Caller caller, Guid schoolId, string field, string what, CancellationToken ct)
    {
        var school = await SchoolAsync(caller.Jurisdiction, schoolId, ct);
        if (school is null || !caller.CanSeeSchool(school.Municipality, school.Code))
        {
            return new UserError(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");
        }
        return MayManage(caller, school) ? null : Forbidden(caller, field, what);
    }

    public static UserError Forbidden(Caller caller, string? field, string what) =>
        new(ErrorCodes.Forbidden, field, $"The role '{caller.Role}' may not {what} (outside your scope).");

    public static UserError? MinistryOnly(Caller caller, string what) => caller.Role == Roles.MinistryAdmin
        ? null
        : new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not {what}; the ministry admin may.");

    /// <summary>The school a command names, or the refusal naming the field.</summary>
    public static async Task<AssetsSchool> OpenSchoolAsync(IQuerySession session, Guid schoolId, string field, CancellationToken ct)
    {
        var school = await session.LoadAsync<AssetsSchool>(schoolId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");
        return school.IsClosed
            ? throw new CommandRejectedException(ErrorCodes.RuleViolated, field, $"{school.Name} ({school.Code}) is closed.")
            : school;
    }
}
