using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Registry.Schools.GettingSchools;

namespace Emis.Registry.Schools;

/// <summary>Who may change a school: the school must be in the caller's scope, and the caller's role must allow the change.</summary>
public sealed class SchoolAccess(SchoolQueries queries)
{
    /// <summary>
    /// Refuses a school outside the caller's scope (as if it did not exist), then a role <paramref name="mayChange"/> does
    /// not allow. <paramref name="schoolId"/> is null for a school not registered yet.
    /// </summary>
    public async Task<UserError?> MayChangeAsync(Caller caller, Guid? schoolId, Func<Caller, bool> mayChange, CancellationToken ct)
    {
        SchoolView? existing = null;
        if (schoolId is { } id)
        {
            existing = await queries.SchoolAsync(caller, id, null, ct);
            if (existing is null)
            {
                return new UserError(ErrorCodes.NotFound, "schoolId", $"There is no school with id {id} in your scope.");
            }
        }
        return mayChange(caller)
            ? null
            : new UserError(
                ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not make this change{(existing is null ? "" : " to this school")}.");
    }

    public static bool MinistryAdmin(Caller caller) => caller.Role == Roles.MinistryAdmin;
}
