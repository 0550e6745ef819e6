namespace Emis.Registry.Schools;

internal static class SchoolRules
{
    public const int MaxNameLength = 200;
    public const int MaxMunicipalityLength = 100;

    /// <summary>Names arrive with stray and doubled spaces; the registry keeps them single.</summary>
    public static string CleanName(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
