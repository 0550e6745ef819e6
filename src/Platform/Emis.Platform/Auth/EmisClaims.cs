namespace Emis.Platform.Auth;

/// <summary>Claim names Emis reads from a bearer token (local or from the OIDC authority).</summary>
public static class EmisClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Jurisdiction = "jurisdiction";
    public const string Municipality = "municipality";
    public const string School = "school";

    /// <summary>A teacher's class sections, <c>grade:section</c> pairs separated by commas (until Staffing assigns them).</summary>
    public const string Sections = "sections";

    /// <summary>Extra rights, comma-separated; <c>personal-data</c> lets an analyst or partner see learners' names.</summary>
    public const string Grants = "grants";
}
