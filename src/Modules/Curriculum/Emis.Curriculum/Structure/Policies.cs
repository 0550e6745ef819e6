using Emis.Curriculum.Curricula;
using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Curriculum.Structure;

/// <summary>The ministry owns the education structure.</summary>
internal sealed class SetEducationStructurePolicy : ICommandPolicy<SetEducationStructure>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetEducationStructure command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "set the education structure"));
}

/// <summary>The ministry owns the curricula.</summary>
internal sealed class AdoptCurriculumVersionPolicy : ICommandPolicy<AdoptCurriculumVersion>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, AdoptCurriculumVersion command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "adopt a curriculum version"));
}
