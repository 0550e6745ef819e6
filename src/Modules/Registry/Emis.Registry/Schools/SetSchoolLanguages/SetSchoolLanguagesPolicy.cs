using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Registry.Schools.SetSchoolLanguages;

/// <summary>Who may set a school's languages of instruction: the ministry only.</summary>
internal sealed class SetSchoolLanguagesPolicy(SchoolAccess access) : ICommandPolicy<SetSchoolLanguages>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetSchoolLanguages command, CancellationToken ct) =>
        access.MayChangeAsync(caller, command.SchoolId, SchoolAccess.MinistryAdmin, ct);
}
