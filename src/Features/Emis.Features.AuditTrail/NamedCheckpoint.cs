using Emis.Platform.Events;

namespace Emis.Features.AuditTrail;

public sealed class NamedCheckpoint
{
    private static readonly Guid StreamNamespace = new("5d7c2a1e-8f43-4b6a-9c0d-3e1f2a4b5c6d");

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public long Sequence { get; set; }
    public DateTimeOffset AsOf { get; set; }
    public DateTimeOffset NamedAt { get; set; }
    public string? NamedBy { get; set; }
    public string? Reason { get; set; }
    public long Version { get; set; }

    /// <summary>The checkpoint's stream id: one stream per jurisdiction and name (names compare without case).</summary>
    public static Guid StreamIdOf(string jurisdiction, string name) =>
        NameBasedGuid.Create(StreamNamespace, jurisdiction + "\u001f" + Normalise(name).ToLowerInvariant());

    /// <summary>Names are kept trimmed with single spaces.</summary>
    public static string Normalise(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
