using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.Auth;
using Emis.Platform.Text;
using Emis.Staffing.Contracts;
using Marten;

namespace Emis.Curriculum.Offerings;

/// <summary>
/// A subject offered to a section: what its curriculum version prescribes, and who Staffing says teaches it (a teaching
/// assignment points at an offering by the section's school, year, grade and letter and the subject's code or name).
/// </summary>
public sealed record Offering(Guid SectionId, string Subject, string SubjectName, decimal HoursRequired, decimal HoursAssigned,
    IReadOnlyList<Guid> Teachers)
{
    public bool Taught => Teachers.Count > 0;
}

/// <summary>What the teaching-hours figures group by.</summary>
public enum HoursDimension
{
    Municipality,
    School,
    Subject,
}

/// <summary>Weekly hours the curricula require of a group's open sections, the hours assigned to teachers, and the gap.</summary>
public sealed record HoursRow(string? Municipality, string? SchoolCode, string? Subject, int Sections, decimal HoursRequired, decimal HoursAssigned,
    int OfferingsWithoutTeacher)
{
    /// <summary>Hours required and not assigned (never below 0 per offering: extra hours in one class do not cover another).</summary>
    public decimal HoursMissing { get; init; }
}

public sealed record HoursFigures(string SchoolYear, IReadOnlyList<HoursRow> Rows, IReadOnlyList<Offering> WithoutTeacher,
    int SectionsWithoutCurriculum);

/// <summary>Offerings of sections and the hours figures a ministry plans hiring from, computed from the documents and Staffing's directory.</summary>
public sealed class OfferingQueries(IDocumentStore store, IStaffDirectory staff)
{
    public async Task<IReadOnlyList<Offering>> OfferingsAsync(string jurisdiction, SectionView section, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var (structure, book) = await CurriculaAsync(session, jurisdiction, ct);
        var classes = (await staff.CurrentAsync(jurisdiction, section.SchoolId, ct)).Classes;
        return Of(section, structure, book, classes);
    }

    /// <summary>Hours required versus assigned for the school year's open sections in the caller's scope, grouped as asked.</summary>
    public async Task<HoursFigures> HoursAsync(Caller caller, string schoolYear, IReadOnlyCollection<HoursDimension> groupBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var session = store.QuerySession(caller.Jurisdiction);
        var (structure, book) = await CurriculaAsync(session, caller.Jurisdiction, ct);
        var sections = (await session.Query<SectionView>().Where(s => s.SchoolYear == schoolYear && !s.Closed).ToListAsync(ct))
            .Where(s => SectionAccess.MaySee(caller, s.SchoolCode, s.Municipality)).ToList();
        var classes = (await staff.CurrentAsync(caller.Jurisdiction, ct)).Classes;
        var byClass = classes.ToLookup(c => (c.SchoolId, c.SchoolYear, c.Grade, Letter: ClassSections.Letter(c.Section)));
        var offerings = new List<(SectionView Section, Offering Offering)>();
        var withoutCurriculum = 0;
        foreach (var section in sections)
        {
            var list = Of(section, structure, book, byClass[(section.SchoolId, section.SchoolYear, section.Grade, section.Letter)]);
            if (list.Count == 0) withoutCurriculum++;
            offerings.AddRange(list.Select(o => (section, o)));
        }
        var dims = groupBy.ToHashSet();
        var rows = offerings
            .GroupBy(x => (
                Municipality: dims.Contains(HoursDimension.Municipality) ? x.Section.Municipality : null,
                School: dims.Contains(HoursDimension.School) ? x.Section.SchoolCode : null,
                Subject: dims.Contains(HoursDimension.Subject) ? x.Offering.Subject : null))
            .Select(g => new HoursRow(g.Key.Municipality, g.Key.School, g.Key.Subject, g.Select(x => x.Section.Id).Distinct().Count(),
                g.Sum(x => x.Offering.HoursRequired), g.Sum(x => x.Offering.HoursAssigned), g.Count(x => !x.Offering.Taught))
            {
                HoursMissing = g.Sum(x => Math.Max(0m, x.Offering.HoursRequired - x.Offering.HoursAssigned)),
            })
            .OrderBy(r => r.Municipality, StringComparer.Ordinal).ThenBy(r => r.SchoolCode, StringComparer.Ordinal)
            .ThenBy(r => r.Subject, StringComparer.Ordinal)
            .ToList();
        var without = offerings.Where(x => !x.Offering.Taught)
            .OrderBy(x => x.Section.SchoolCode, StringComparer.Ordinal).ThenBy(x => x.Section.Grade)
            .ThenBy(x => x.Section.Letter, StringComparer.Ordinal)
            .ThenBy(x => x.Offering.Subject, StringComparer.Ordinal)
            .Select(x => x.Offering).ToList();
        return new HoursFigures(schoolYear, rows, without, withoutCurriculum);
    }

    /// <summary>
    /// The offerings of one section: the subjects of the curriculum version in force for its programme, grade and year, each
    /// with the teachers whose current assignment names the section and the subject (by code, or by name ignoring case and
    /// accents) and the hours they were assigned. A section without a programme or a version has none.
    /// </summary>
    public static IReadOnlyList<Offering> Of(SectionView section, EducationStructureView? structure, CurriculumBook? book,
        IEnumerable<TeachingClass> classes)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Programme is null || book?.InForce(section.Programme, section.Grade, section.SchoolYear) is not { } version) return [];
        var teaching = classes.Where(c => c.SchoolId == section.SchoolId && c.SchoolYear == section.SchoolYear && c.Grade == section.Grade
            && ClassSections.Letter(c.Section) == section.Letter).ToList();
        return [.. version.Subjects.Select(s =>
        {
            var subject = structure?.SubjectOf(s.Subject);
            var name = subject?.Name ?? s.Subject;
            var teachers = teaching.Where(c => Names(c.Subject, s.Subject, name, subject?.EnglishName)).ToList();
            return new Offering(section.Id, s.Subject, name, s.WeeklyHours, teachers.Sum(t => t.WeeklyHours),
                [.. teachers.Select(t => t.StaffId).Distinct()]);
        })];
    }

    private static bool Names(string written, params string?[] names)
    {
        var folded = NameFolding.ForComparison(written.Trim());
        return names.Any(n => n is not null && NameFolding.ForComparison(n) == folded);
    }

    private static async Task<(EducationStructureView?, CurriculumBook?)> CurriculaAsync(IQuerySession session, string jurisdiction,
        CancellationToken ct) =>
        (await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct),
            await session.LoadAsync<CurriculumBook>(CurriculumBook.IdFor(jurisdiction), ct));
}
