using Emis.Budget.Accounts;
using Emis.Budget.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Marten;

namespace Emis.Budget;

/// <summary>A holder as a command names it: exactly one of a school, a municipality, or central (the ministry).</summary>
public sealed record HolderInput(Guid? SchoolId, string? Municipality, bool? Central)
{
    public bool IsOne => (SchoolId is not null ? 1 : 0) + (string.IsNullOrWhiteSpace(Municipality) ? 0 : 1) + (Central == true ? 1 : 0) == 1;

    public static readonly HolderInput CentralInput = new(null, null, true);
}

/// <summary>
/// Who may see and change whose money: the ministry admin everything; a municipality officer their municipality's own budget and their
/// schools'; a school admin their school's. The chart, fiscal years, the plan, amendments, overrides, corrections of a closed year and
/// budget requests are the ministry admin's. Analysts and partners read; analysts see entries without payees, partners figures only.
/// </summary>
public static class BudgetAccess
{
    /// <summary>Whether the caller may record execution on a holder's account.</summary>
    public static bool Manages(Caller caller, BudgetHolder holder) => holder.Kind switch
    {
        HolderKind.School => caller.ManagesSchool(holder.Municipality, holder.SchoolCode),
        HolderKind.Municipality => caller.Role == Roles.MinistryAdmin || (caller.Role == Roles.MunicipalityOfficer
            && string.Equals(holder.Municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase)),
        _ => caller.Role == Roles.MinistryAdmin,
    };

    /// <summary>Whether the caller may read a holder's budget (figures and, but for partners, entries).</summary>
    public static bool Sees(Caller caller, BudgetHolder holder) => caller.Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
        Roles.MunicipalityOfficer => holder.Kind != HolderKind.Central
            && string.Equals(holder.Municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase),
        Roles.SchoolAdmin => holder.Kind == HolderKind.School && string.Equals(holder.SchoolCode, caller.NormalisedSchoolCode,
            StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Whether the caller reads entries one by one (partners and teachers read figures only).</summary>
    public static bool ReadsEntries(Caller caller) =>
        caller.Role is Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.MunicipalityOfficer or Roles.SchoolAdmin;

    /// <summary>Whether the caller sees who was paid and the documents' numbers (everyone who reads entries but the analysts).</summary>
    public static bool SeesPayees(Caller caller) => ReadsEntries(caller) && caller.Role != Roles.MinistryAnalyst;

    public static UserError? MinistryOnly(Caller caller, string what) => caller.Role == Roles.MinistryAdmin
        ? null
        : new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not {what}; the ministry admin may.");

    public static UserError Forbidden(Caller caller, string? field, string what) =>
        new(ErrorCodes.Forbidden, field, $"The role '{caller.Role}' may not {what} (outside your scope).");

    /// <summary>The holder a command names, with where it is, or the refusal naming the field.</summary>
    /// <param name="schools">Every school, loaded once by a command naming many holders (an approved budget); null to look up the one named.</param>
    public static async Task<BudgetHolder> HolderAsync(IQuerySession session, HolderInput? input, string field, CancellationToken ct,
        IReadOnlyDictionary<Guid, BudgetSchool>? schools = null)
    {
        if (input is null || !input.IsOne)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, field, "Give exactly one of schoolId, municipality and central: true.");
        }
        if (input.SchoolId is { } schoolId)
        {
            var school = (schools is null ? await session.LoadAsync<BudgetSchool>(schoolId, ct) : schools.GetValueOrDefault(schoolId))
                ?? throw new CommandRejectedException(ErrorCodes.NotFound, field + ".schoolId", $"There is no school with id {schoolId}.");
            return new BudgetHolder(HolderKind.School, school.Id, school.Code, school.Municipality, school.Level);
        }
        if (input.Central == true) return BudgetHolder.CentralHolder;
        var name = input.Municipality!.Trim();
        var known = schools is null
            ? await session.Query<BudgetSchool>().Select(s => s.Municipality).Distinct().ToListAsync(ct)
            : [.. schools.Values.Select(s => s.Municipality).Distinct()];
        var municipality = known.FirstOrDefault(m => string.Equals(m, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, field + ".municipality",
                $"No school of the registry is in a municipality called '{name}'.");
        return new BudgetHolder(HolderKind.Municipality, null, null, municipality, null);
    }
}
