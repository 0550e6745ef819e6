namespace Emis.Platform.EventLog;

/// <summary>
/// Marks a record as a public integration event: its name (<c>module.thing_happened</c>), its version and what it
/// means. Its shape is a contract: changing it means a new record with a new version (the catalogue test fails
/// otherwise). Properties marked <see cref="PersonalDataAttribute"/> reach only partners granted personal data.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicEventAttribute(string name, int version, string description) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string Description { get; } = description;

    /// <summary>The CloudEvents <c>type</c>: <c>emis.{name}.v{version}</c>.</summary>
    public string CloudEventType => $"emis.{Name}.v{Version}";
}
