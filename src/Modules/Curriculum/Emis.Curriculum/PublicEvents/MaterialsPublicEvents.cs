using Emis.Curriculum.Materials;
using Emis.Platform.EventLog;

namespace Emis.Curriculum.PublicEvents;

// Curriculum's public events about learning materials: the catalogue, the approved lists and schools' holdings (no personal data).

[PublicEvent("curriculum.material_catalogued", 1,
    "A textbook or digital resource was catalogued: title, subject, grades, language, format, accessibility, licence, link or content hash.")]
public sealed record MaterialCataloguedV1(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, string Format, IReadOnlyList<string> Accessibility,
    string Licence, string? Link, string? ContentHash);

[PublicEvent("curriculum.material_revised", 1, "A catalogued material's description was corrected (the whole description).")]
public sealed record MaterialRevisedV1(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, string Format, IReadOnlyList<string> Accessibility,
    string Licence, string? Link, string? ContentHash);

[PublicEvent("curriculum.material_approved", 1, "A material was put on a school year's approved list.")]
public sealed record MaterialApprovedV1(Guid MaterialId, string SchoolYear);

[PublicEvent("curriculum.material_approval_withdrawn", 1, "A material was taken off a school year's approved list.")]
public sealed record MaterialApprovalWithdrawnV1(Guid MaterialId, string SchoolYear, string Reason);

[PublicEvent("curriculum.material_holdings_recorded", 1, "A school's copies of a print title in a school year, by condition, as counted.")]
public sealed record MaterialHoldingsRecordedV1(
    Guid HoldingId, Guid SchoolId, string SchoolCode, string SchoolYear, Guid MaterialId, int Good, int Worn, int Unusable);

/// <summary>Registered beside <see cref="CurriculumPublicEvents"/>: the partners' feed reads every module's maps together.</summary>
internal static class MaterialsPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<MaterialCatalogued, MaterialCataloguedV1>(
            (e, _) => new(e.MaterialId, e.Title, e.Subject, e.Grades, e.Language, PublicEventMap.Name(e.Format),
                [.. e.Accessibility.Select(PublicEventMap.Name)], e.Licence, e.Link, e.ContentHash),
            e => e.MaterialId, PublicChange.Created)
        .Add<MaterialRevised, MaterialRevisedV1>(
            (e, _) => new(e.MaterialId, e.Title, e.Subject, e.Grades, e.Language, PublicEventMap.Name(e.Format),
                [.. e.Accessibility.Select(PublicEventMap.Name)], e.Licence, e.Link, e.ContentHash),
            e => e.MaterialId, PublicChange.Corrected)
        .Add<MaterialApproved, MaterialApprovedV1>((e, _) => new(e.MaterialId, e.SchoolYear), e => e.MaterialId, PublicChange.Updated)
        .Add<MaterialApprovalWithdrawn, MaterialApprovalWithdrawnV1>(
            (e, _) => new(e.MaterialId, e.SchoolYear, e.Reason), e => e.MaterialId, PublicChange.Updated)
        .Add<MaterialHoldingsRecorded, MaterialHoldingsRecordedV1>(
            (e, _) => new(e.HoldingId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.MaterialId, e.Good, e.Worn, e.Unusable),
            e => e.HoldingId, PublicChange.Updated);
}
