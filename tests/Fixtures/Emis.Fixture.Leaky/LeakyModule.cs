namespace Emis.Leaky;

/// <summary>
/// Uses a type from the Registry's internals assembly so that the forbidden reference survives compilation and shows up
/// in this assembly's metadata.
/// </summary>
public static class LeakyModule
{
    public static Type ReachesInto => typeof(Registry.RegistryModule);
}
