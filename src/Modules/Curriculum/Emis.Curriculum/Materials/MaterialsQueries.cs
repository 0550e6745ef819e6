using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Curriculum.Materials;

/// <summary>A subject and grade's print textbooks against its learners, over the schools in the caller's scope.</summary>
/// <param name="UsableCopies">Good and worn copies of approved print titles for the subject and grade held by those schools.</param>
/// <param name="Titles">Approved print titles for the subject and grade those schools hold copies of.</param>
public sealed record TextbookRow(string Subject, string SubjectName, int Grade, long Learners, int UsableCopies, int UnusableCopies, int Titles)
{
    /// <summary>Usable copies per learner (two decimals); null without learners.</summary>
    public decimal? PerLearner => Learners == 0 ? null : Math.Round((decimal)UsableCopies / Learners, 2, MidpointRounding.AwayFromZero);

    /// <summary>Learners without a usable copy.</summary>
    public long Shortfall => Math.Max(0, Learners - UsableCopies);
}

/// <summary>The materials figures of a school year, as of an event sequence number (the live one).</summary>
public sealed record MaterialsFigures(string SchoolYear, long Sequence, Caller Caller);

/// <summary>The approved materials of a subject in one language.</summary>
public sealed record LanguageMaterials(string Language, IReadOnlyList<MaterialView> Approved);

/// <summary>A subject the curricula prescribe for the grade, and its approved materials in each language asked.</summary>
public sealed record SubjectCoverage(string Subject, string SubjectName, IReadOnlyList<LanguageMaterials> Languages);

/// <summary>A subject of a grade with no approved material in a language.</summary>
public sealed record CoverageGap(string Subject, string SubjectName, int Grade, string Language);

/// <summary>Whether every subject of a grade has an approved material in every language of instruction asked.</summary>
/// <param name="Programmes">The programmes teaching the grade whose curriculum version in force was read.</param>
public sealed record LanguageCoverage(string SchoolYear, int Grade, IReadOnlyList<string> Languages, IReadOnlyList<string> Programmes,
    IReadOnlyList<SubjectCoverage> Subjects, IReadOnlyList<CoverageGap> Gaps);

/// <summary>The catalogue, the approved list, holdings and the materials figures, read from the documents and Enrollment's counts.</summary>
public sealed class MaterialsQueries(IDocumentStore store, EventLog log, IEnrolledLearnerCounts learners)
{
    /// <summary>Who sees figures over learners: as Enrollment's statistics scope them (a teacher's classes are not a school's figure).</summary>
    public static readonly string[] FigureRoles =
        [Roles.MinistryAdmin, Roles.MinistryAnalyst, Roles.Partner, Roles.MunicipalityOfficer, Roles.SchoolAdmin];

    /// <summary>Every material of the jurisdiction; with <paramref name="asOf"/>, as the catalogue was at that instant.</summary>
    public async Task<IReadOnlyList<MaterialView>> CatalogueAsync(string jurisdiction, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var all = await session.Query<MaterialView>().ToListAsync(ct);
        if (asOf is not { } at) return [.. all.OrderBy(m => m.Title, StringComparer.Ordinal)];
        var then = new List<MaterialView>();
        foreach (var material in all.Where(m => m.CataloguedAt <= at))
        {
            if (await session.Events.AggregateStreamAsync<MaterialView>(material.Id, timestamp: at, token: ct) is { } past) then.Add(past);
        }
        return [.. then.OrderBy(m => m.Title, StringComparer.Ordinal)];
    }

    public async Task<MaterialsFigures> FiguresAsync(Caller caller, string schoolYear, CancellationToken ct) =>
        new(schoolYear, await log.LastSequenceAsync(caller.Jurisdiction, ct), caller);

    /// <summary>
    /// Usable print copies of the year's approved textbooks held by the schools in scope, against the learners enrolled in
    /// those schools at the figures' sequence, per subject and grade. A title for several grades counts in each of them.
    /// Rows: every subject the curricula in force prescribe for a grade with learners, and every subject and grade with copies.
    /// </summary>
    public async Task<IReadOnlyList<TextbookRow>> TextbooksPerLearnerAsync(MaterialsFigures figures, int? grade, string? subject, Guid? schoolId,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var caller = figures.Caller;
        var counts = (await learners.CountAsync(caller, figures.SchoolYear, figures.Sequence, ct))
            .Where(c => schoolId is null || c.SchoolId == schoolId).ToList();
        await using var session = store.QuerySession(caller.Jurisdiction);
        var (structure, book) = await CurriculaAsync(session, caller.Jurisdiction, ct);
        var year = figures.SchoolYear;
        var holdings = (await session.Query<HoldingView>().Where(h => h.SchoolYear == year).ToListAsync(ct))
            .Where(h => (schoolId is null || h.SchoolId == schoolId) && SectionAccess.MaySee(caller, h.SchoolCode, h.Municipality)).ToList();
        var approved = (await session.Query<MaterialView>().ToListAsync(ct)).Where(m => m.IsPrint && m.ApprovedFor(year)).ToDictionary(m => m.Id);
        var held = holdings.Where(h => approved.ContainsKey(h.MaterialId)).Select(h => (Holding: h, Material: approved[h.MaterialId])).ToList();

        var byGrade = counts.GroupBy(c => c.Grade).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var pairs = byGrade.Keys.SelectMany(g => Prescribed(structure, book, g, year).Subjects.Select(s => (Subject: s, Grade: g)))
            .Concat(held.SelectMany(x => x.Material.Grades.Select(g => (x.Material.Subject, Grade: g))))
            .Where(p => (grade is null || p.Grade == grade) && (subject is null || p.Subject == subject))
            .Distinct().OrderBy(p => p.Grade).ThenBy(p => p.Subject, StringComparer.Ordinal);
        return [.. pairs.Select(p =>
        {
            var copies = held.Where(x => x.Material.Teaches(p.Subject, p.Grade)).ToList();
            return new TextbookRow(p.Subject, structure?.SubjectOf(p.Subject)?.Name ?? p.Subject, p.Grade, byGrade.GetValueOrDefault(p.Grade),
                copies.Sum(x => x.Holding.Usable), copies.Sum(x => x.Holding.Unusable),
                copies.Where(x => x.Holding.Usable > 0).Select(x => x.Material.Id).Distinct().Count());
        })];
    }

    /// <summary>For each subject the curricula in force prescribe for the grade, the approved materials in each language, and the gaps.</summary>
    public async Task<LanguageCoverage> CoverageAsync(string jurisdiction, string schoolYear, int grade, IReadOnlyList<string> languages,
        CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var (structure, book) = await CurriculaAsync(session, jurisdiction, ct);
        var approved = (await session.Query<MaterialView>().ToListAsync(ct)).Where(m => m.ApprovedFor(schoolYear)).ToList();
        return Coverage(structure, book, approved, schoolYear, grade, languages);
    }

    /// <summary>The coverage of a grade's subjects by the approved materials given, in each language (pure, for the tests too).</summary>
    public static LanguageCoverage Coverage(EducationStructureView? structure, CurriculumBook? book, IEnumerable<MaterialView> approved,
        string schoolYear, int grade, IReadOnlyList<string> languages)
    {
        var (programmes, subjects) = Prescribed(structure, book, grade, schoolYear);
        var materials = approved.Where(m => m.ApprovedFor(schoolYear) && m.Grades.Contains(grade)).ToList();
        var coverage = subjects.Select(s => new SubjectCoverage(s, structure?.SubjectOf(s)?.Name ?? s, [.. languages.Select(l =>
            new LanguageMaterials(l, [.. materials.Where(m => m.Subject == s && m.Language == l).OrderBy(m => m.Title, StringComparer.Ordinal)]))]))
            .ToList();
        var gaps = coverage.SelectMany(s => s.Languages.Where(l => l.Approved.Count == 0)
            .Select(l => new CoverageGap(s.Subject, s.SubjectName, grade, l.Language))).ToList();
        return new LanguageCoverage(schoolYear, grade, languages, programmes, coverage, gaps);
    }

    /// <summary>The programmes teaching the grade with a curriculum version in force in the year, and the subjects they prescribe.</summary>
    public static (IReadOnlyList<string> Programmes, IReadOnlyList<string> Subjects) Prescribed(EducationStructureView? structure,
        CurriculumBook? book, int grade, string schoolYear)
    {
        var versions = (structure?.Programmes ?? []).Where(p => p.Teaches(grade))
            .Select(p => book?.InForce(p.Code, grade, schoolYear)).OfType<CurriculumVersion>().ToList();
        return ([.. versions.Select(v => v.Programme)],
            [.. versions.SelectMany(v => v.Subjects.Select(s => s.Subject)).Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>A school's holdings in a school year, if the caller may see the school (empty otherwise).</summary>
    public async Task<IReadOnlyList<HoldingView>> HoldingsAsync(Caller caller, Guid schoolId, string schoolYear, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var session = store.QuerySession(caller.Jurisdiction);
        var holdings = await session.Query<HoldingView>().Where(h => h.SchoolId == schoolId && h.SchoolYear == schoolYear).ToListAsync(ct);
        return [.. holdings.Where(h => SectionAccess.MaySee(caller, h.SchoolCode, h.Municipality))];
    }

    public async Task<MaterialView?> MaterialAsync(string jurisdiction, Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        return await session.LoadAsync<MaterialView>(id, ct);
    }

    public async Task<HoldingView?> HoldingAsync(Caller caller, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var session = store.QuerySession(caller.Jurisdiction);
        var holding = await session.LoadAsync<HoldingView>(id, ct);
        return holding is not null && SectionAccess.MaySee(caller, holding.SchoolCode, holding.Municipality) ? holding : null;
    }

    private static async Task<(EducationStructureView?, CurriculumBook?)> CurriculaAsync(IQuerySession session, string jurisdiction,
        CancellationToken ct) =>
        (await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct),
            await session.LoadAsync<CurriculumBook>(CurriculumBook.IdFor(jurisdiction), ct));
}
