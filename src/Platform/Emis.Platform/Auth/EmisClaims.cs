namespace Emis.Platform.Auth;

/// <summary>Claim names Emis reads from a bearer token (local or from the OIDC authority).</summary>
public static class EmisClaims
{
    /// <summary>Who the caller is; for a teacher, their member-of-staff id (their sections come from their assignments).</summary>
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Jurisdiction = "jurisdiction";
    public const string Municipality = "municipality";
    public const string School = "school";

    /// <summary>Extra rights, comma-separated; <c>personal-data</c> lets an analyst or partner see learners' names.</summary>
    public const string Grants = "grants";
}
