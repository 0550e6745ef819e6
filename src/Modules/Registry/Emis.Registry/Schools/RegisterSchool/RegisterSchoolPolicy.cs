using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Registry.Schools.RegisterSchool;

/// <summary>Who may register a school: the ministry only.</summary>
internal sealed class RegisterSchoolPolicy(SchoolAccess access) : ICommandPolicy<RegisterSchool>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RegisterSchool command, CancellationToken ct) =>
        access.MayChangeAsync(caller, null, SchoolAccess.MinistryAdmin, ct);
}
