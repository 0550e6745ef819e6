using Emis.Platform.EventLog;
using Emis.Registry.Schools;

namespace Emis.Registry.PublicEvents;

// The Registry's public integration events: what partners may rely on. Each record's shape is a contract; a change
// of shape is a new record with a new version (the catalogue test holds every published shape).

[PublicEvent("registry.school_registered", 1, "A school entered the registry.")]
public sealed record SchoolRegisteredV1(
    Guid SchoolId, string Code, string Name, string Municipality, string Level, IReadOnlyList<string> Languages, string Status);

[PublicEvent("registry.school_renamed", 1, "A school's name changed.")]
public sealed record SchoolRenamedV1(Guid SchoolId, string From, string Name);

[PublicEvent("registry.school_moved", 1, "A school now belongs to another municipality.")]
public sealed record SchoolMovedV1(Guid SchoolId, string FromMunicipality, string ToMunicipality);

[PublicEvent("registry.school_status_changed", 1, "A school opened, closed, closed for an emergency or switched to distance learning.")]
public sealed record SchoolStatusChangedV1(Guid SchoolId, string From, string To, string Reason);

[PublicEvent("registry.school_languages_set", 1, "The languages of instruction of a school were set (ISO 639 codes).")]
public sealed record SchoolLanguagesSetV1(Guid SchoolId, IReadOnlyList<string> Languages);

internal static class RegistryPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<SchoolRegistered, SchoolRegisteredV1>(
            (e, _) => new(e.SchoolId, e.Code, e.Name, e.Municipality, PublicEventMap.Name(e.Level), e.Languages, PublicEventMap.Name(e.Status)),
            e => e.SchoolId, PublicChange.Created)
        .Add<SchoolRenamed, SchoolRenamedV1>((e, _) => new(e.SchoolId, e.From, e.Name), e => e.SchoolId, PublicChange.Updated)
        .Add<SchoolMoved, SchoolMovedV1>((e, _) => new(e.SchoolId, e.FromMunicipality, e.ToMunicipality), e => e.SchoolId, PublicChange.Updated)
        .Add<SchoolStatusChanged, SchoolStatusChangedV1>(
            (e, _) => new(e.SchoolId, PublicEventMap.Name(e.From), PublicEventMap.Name(e.To), e.Reason), e => e.SchoolId, PublicChange.Updated)
        .Add<SchoolLanguagesSet, SchoolLanguagesSetV1>((e, _) => new(e.SchoolId, e.Languages), e => e.SchoolId, PublicChange.Updated);
}
