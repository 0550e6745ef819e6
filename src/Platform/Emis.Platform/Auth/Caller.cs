using System.Security.Claims;

namespace Emis.Platform.Auth;

/// <summary>
/// Who is calling, in which jurisdiction, with which scope. Every resolver and command decides from this,
/// never from raw claims.
/// </summary>
public sealed record Caller(
    string Subject,
    string Role,
    string Jurisdiction,
    string? Municipality,
    string? SchoolCode)
{
    /// <summary>
    /// A teacher's class sections, from their current teaching assignments (<see cref="ICallerScope"/>); empty for every other role.
    /// </summary>
    public IReadOnlyList<ClassSection> Sections { get; init; } = [];

    /// <summary>Rights granted beyond the role (see <see cref="Grants"/>).</summary>
    public IReadOnlyList<string> GrantedRights { get; init; } = [];

    public bool IsMinistry => Role is Roles.MinistryAdmin or Roles.MinistryAnalyst;

    /// <summary>The school code as the registry stores codes (trimmed, upper case).</summary>
    public string? NormalisedSchoolCode => SchoolCode?.Trim().ToUpperInvariant();

    /// <summary>
    /// Everything that bounds what this caller sees (jurisdiction, role, municipality, school, sections), as one
    /// string: answers shared between callers are keyed by it, so they never cross from one scope to another.
    /// </summary>
    public string ScopeKey => string.Join('|', Jurisdiction, Role, Municipality, NormalisedSchoolCode, string.Join(',', Sections));

    /// <summary>
    /// Whether names, birth dates and contacts of learners in scope may be shown. Analysts and partners work with
    /// figures and pseudonymous records unless they have been granted personal data.
    /// </summary>
    public bool SeesPersonalData => Role switch
    {
        Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin or Roles.Teacher => true,
        _ => GrantedRights.Contains(Grants.PersonalData),
    };

    /// <summary>Partners and the ministry read the whole jurisdiction's registry; others only their own scope.</summary>
    public bool SeesWholeJurisdiction => IsMinistry || Role == Roles.Partner;

    /// <summary>Whether a school with this municipality and code lies inside the caller's scope.</summary>
    public bool CanSeeSchool(string municipality, string code) => Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
        Roles.MunicipalityOfficer => string.Equals(municipality, Municipality, StringComparison.OrdinalIgnoreCase),
        Roles.SchoolAdmin or Roles.Teacher => string.Equals(code, SchoolCode, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// Whether the caller may change what belongs to a school with this municipality and code: the ministry admin everywhere, a
    /// municipality officer in their municipality, a school admin in their school (every module's write scope alike).
    /// </summary>
    public bool ManagesSchool(string? municipality, string? code) => Role switch
    {
        Roles.MinistryAdmin => true,
        Roles.MunicipalityOfficer => municipality is not null
            && string.Equals(municipality, Municipality?.Trim(), StringComparison.OrdinalIgnoreCase),
        Roles.SchoolAdmin => code is not null && string.Equals(code, NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Reads a caller from an authenticated principal; returns an explanation when the token lacks what Emis needs.</summary>
    public static bool TryFrom(ClaimsPrincipal? principal, out Caller? caller, out string? problem)
    {
        caller = null;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            problem = "Authentication required: send 'Authorization: Bearer <token>' (./emis token --role ministry-admin).";
            return false;
        }

        var candidate = new Caller(
            principal.FindFirst(EmisClaims.Subject)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "",
            principal.FindFirst(EmisClaims.Role)?.Value ?? "",
            principal.FindFirst(EmisClaims.Jurisdiction)?.Value ?? "",
            principal.FindFirst(EmisClaims.Municipality)?.Value,
            principal.FindFirst(EmisClaims.School)?.Value)
        {
            GrantedRights = Grants.ParseList(principal.FindFirst(EmisClaims.Grants)?.Value),
        };
        problem = candidate.Problem();
        if (problem is not null) return false;
        caller = candidate;
        return true;
    }

    /// <summary>What makes this caller unusable (a missing claim, an unknown role, a scope the role needs), or null.</summary>
    public string? Problem() => this switch
    {
        { Role: "" } => "The token carries no 'role' claim.",
        _ when !Roles.All.Contains(Role) => $"The token's role '{Role}' is not one of: {string.Join(", ", Roles.All)}.",
        { Jurisdiction: "" } => "The token carries no 'jurisdiction' claim.",
        { Subject: "" } => "The token carries no 'sub' claim.",
        { Role: Roles.MunicipalityOfficer } when string.IsNullOrWhiteSpace(Municipality) =>
            "A municipality-officer token must carry a 'municipality' claim.",
        { Role: Roles.SchoolAdmin or Roles.Teacher } when string.IsNullOrWhiteSpace(SchoolCode) =>
            $"A {Role} token must carry a 'school' claim.",
        _ => null,
    };
}
