namespace Emis.Features.AuditTrail.Erasure;

/// <summary>Why a person may be erased.</summary>
public enum ErasureBasis
{
    /// <summary>The jurisdiction's retention period for the person has ended.</summary>
    RetentionEnded,

    /// <summary>A court or the data protection authority ordered it, whatever the retention period says.</summary>
    CourtOrder,
}

/// <summary>
/// A person was erased: their data key was destroyed, so their events' personal fields no longer read, and every module
/// rewrote what it keeps about them. Names no one; the person remains an id, so history still shows they existed.
/// </summary>
/// <param name="Reference">The legal reference: the retention rule applied or the order's number.</param>
/// <param name="Holders">The modules that held data about the person.</param>
/// <param name="Keyed">Whether the person had a key; one written before encryption existed has events stored in clear (adr/0024).</param>
[Platform.EventLog.AboutPerson]
public sealed record PersonErased(Guid PersonId, ErasureBasis Basis, string Reference, IReadOnlyList<string> Holders, bool Keyed);

/// <summary>The stream of one person's erasure (one event).</summary>
public sealed record PersonErasure(Guid Id)
{
    private static readonly Guid StreamNamespace = new("5f0d2a53-61c4-4a8e-9d0b-7a2f6f1d9e21");

    public static Guid StreamIdOf(Guid person) => Platform.Events.NameBasedGuid.Create(StreamNamespace, person.ToString("N"));
}

public sealed record ErasePersonInput(Guid PersonId, ErasureBasis Basis, string? Reference);

public sealed record ErasePersonPayload(PersonErased? Erasure, IReadOnlyList<Platform.Commands.UserError> Errors);
