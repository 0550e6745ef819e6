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
