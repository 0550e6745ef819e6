using System.Security.Claims;

namespace Emis.Platform.Auth;

/// <summary>The roles a caller can hold. A caller holds exactly one role per token.</summary>
public static class Roles
{
    public const string MinistryAdmin = "ministry-admin";
    public const string MinistryAnalyst = "ministry-analyst";
    public const string MunicipalityOfficer = "municipality-officer";
    public const string SchoolAdmin = "school-admin";
    public const string Teacher = "teacher";
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All =
        [MinistryAdmin, MinistryAnalyst, MunicipalityOfficer, SchoolAdmin, Teacher, Partner];
}

/// <summary>Claim names Emis reads from a bearer token (local or from the OIDC authority).</summary>
public static class EmisClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Jurisdiction = "jurisdiction";
    public const string Municipality = "municipality";
    public const string School = "school";
}

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
    public bool IsMinistry => Role is Roles.MinistryAdmin or Roles.MinistryAnalyst;

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

    /// <summary>Reads a caller from an authenticated principal; returns an explanation when the token lacks what Emis needs.</summary>
    public static bool TryFrom(ClaimsPrincipal? principal, out Caller? caller, out string? problem)
    {
        caller = null;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            problem = "Authentication required: send 'Authorization: Bearer <token>' (./emis token --role ministry-admin).";
            return false;
        }

        var role = principal.FindFirst(EmisClaims.Role)?.Value;
        var jurisdiction = principal.FindFirst(EmisClaims.Jurisdiction)?.Value;
        var subject = principal.FindFirst(EmisClaims.Subject)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var municipality = principal.FindFirst(EmisClaims.Municipality)?.Value;
        var school = principal.FindFirst(EmisClaims.School)?.Value;

        problem = (role, jurisdiction, subject) switch
        {
            (null, _, _) => "The token carries no 'role' claim.",
            _ when !Roles.All.Contains(role) => $"The token's role '{role}' is not one of: {string.Join(", ", Roles.All)}.",
            (_, null or "", _) => "The token carries no 'jurisdiction' claim.",
            (_, _, null or "") => "The token carries no 'sub' claim.",
            (Roles.MunicipalityOfficer, _, _) when string.IsNullOrWhiteSpace(municipality) =>
                "A municipality-officer token must carry a 'municipality' claim.",
            (Roles.SchoolAdmin or Roles.Teacher, _, _) when string.IsNullOrWhiteSpace(school) =>
                $"A {role} token must carry a 'school' claim.",
            _ => null,
        };
        if (problem is not null) return false;

        caller = new Caller(subject!, role!, jurisdiction!, municipality, school);
        return true;
    }
}
