using Emis.Curriculum.Contracts;
using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Staffing.Contracts;
using Marten;

namespace Emis.Curriculum.Offerings;

/// <summary>
/// <see cref="ISectionCatalogue"/> from the section's document, the structure, the curricula and Staffing's directory of the school.
/// </summary>
internal sealed class SectionCatalogue(IDocumentStore store, IStaffDirectory staff) : ISectionCatalogue
{
    public async Task<SectionSubjects?> SectionAsync(string jurisdiction, Guid sectionId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        // One round trip for the three documents: marks are recorded a class list at a time, hundreds of thousands a year.
        var batch = session.CreateBatchQuery();
        var sectionLoad = batch.Load<SectionView>(sectionId);
        var structureLoad = batch.Load<EducationStructureView>(EducationStructureView.IdFor(jurisdiction));
        var bookLoad = batch.Load<CurriculumBook>(CurriculumBook.IdFor(jurisdiction));
        await batch.Execute(ct);
        var section = await sectionLoad;
        if (section is null) return null;
        var structure = await structureLoad;
        var book = await bookLoad;
        var classes = (await staff.CurrentAsync(jurisdiction, section.SchoolId, ct)).Classes;
        var programme = section.Programme is { } code ? structure?.ProgrammeOf(code) : null;
        var level = programme is null ? null : structure!.Levels.FirstOrDefault(l => l.Code == programme.Level);
        return new SectionSubjects(section.Id, section.SchoolId, section.SchoolCode, section.Municipality, section.SchoolYear, section.Grade,
            section.Letter, section.Programme, level?.Code, level?.Isced, programme is not null && programme.LastGrade == section.Grade,
            section.Closed,
            [.. OfferingQueries.Of(section, structure, book, classes).Select(o => new SubjectOffered(o.Subject, o.SubjectName, o.Teachers))]);
    }

    public async Task<IReadOnlyList<string>> LevelsAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct);
        return structure is null ? [] : [.. structure.Levels.Select(l => l.Code)];
    }
}
