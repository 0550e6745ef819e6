using Emis.Platform.Events;

namespace Emis.Registry.Schools;

/// <summary>
/// A school's id is derived from its jurisdiction and normalised code, so that registering a code twice collides on
/// the stream id itself: uniqueness holds even for two registrations racing on two nodes.
/// </summary>
public static class SchoolIdentity
{
    public static string NormaliseCode(string code) => code.Trim().ToUpperInvariant();

    public static Guid For(string jurisdiction, string code) =>
        NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/school/{NormaliseCode(code)}");

    private static readonly Guid Namespace = new("6f1c2a4e-7f0e-4c8e-9a53-2d1b5e4e0a11");
}
