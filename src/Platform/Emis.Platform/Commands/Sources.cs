namespace Emis.Platform.Commands;

/// <summary>Where a change came from; recorded on every event.</summary>
public static class Sources
{
    public const string Api = "api";
    public const string Import = "import";
    public const string Sync = "sync";
    public const string Seed = "seed";
}
