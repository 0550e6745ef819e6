namespace Emis.Platform.Events;

/// <summary>
/// A document in which a module keeps its own copy of another module's reference data (a school, say), filled from that
/// module's integration events: a module never reads another module's tables. Kept with <see cref="ReferenceCopy"/>.
/// </summary>
public interface IReferenceCopy
{
    /// <summary>The id of the thing copied, as the owning module gives it.</summary>
    Guid Id { get; }

    /// <summary>The owning module's stream version the copy was taken at.</summary>
    long Version { get; }
}
