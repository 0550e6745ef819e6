using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Registry.Schools.MoveSchool;

/// <summary>Who may move a school to another municipality: the ministry only.</summary>
internal sealed class MoveSchoolPolicy(SchoolAccess access) : ICommandPolicy<MoveSchool>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, MoveSchool command, CancellationToken ct) =>
        access.MayChangeAsync(caller, command.SchoolId, SchoolAccess.MinistryAdmin, ct);
}
