using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Registry.Schools.RenameSchool;

/// <summary>Who may rename a school: the ministry only.</summary>
internal sealed class RenameSchoolPolicy(SchoolAccess access) : ICommandPolicy<RenameSchool>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RenameSchool command, CancellationToken ct) =>
        access.MayChangeAsync(caller, command.SchoolId, SchoolAccess.MinistryAdmin, ct);
}
