using Emis.Curriculum.Schools;
using Emis.Curriculum.Structure;
using Emis.Enrollment.Contracts;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.Logging;

namespace Emis.Curriculum.Sections;

/// <summary>What an upgrade or a rollover did.</summary>
public sealed record SectionsMade(int Opened, int Linked, int Learners);

/// <summary>
/// Carries the enrolments stored before sections were entities over to sections (adr/0027): every school, year, grade and
/// letter the learners in class now are enrolled in becomes a section (opened by the upgrade, no enrolment rewritten), and a
/// <see cref="SectionEnrolmentsLinked"/> event records which learners' enrolments it holds. Run again, it links only what
/// is new and opens nothing twice. Also the year-end rollover of sections.
/// </summary>
public sealed partial class SectionLinker(IDocumentStore store, IClassLists classes, ILogger<SectionLinker> logger)
{
    public async Task<SectionsMade> LinkAsync(string jurisdiction, string actor, CancellationToken ct)
    {
        var placements = await classes.CurrentPlacementsAsync(jurisdiction, ct);
        await using var session = Session(jurisdiction, actor, "upgrade-sections");
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct);
        var schools = (await session.Query<CurriculumSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
        var groups = placements.GroupBy(p => (p.SchoolId, p.SchoolYear, p.Grade, Letter: ClassSections.Letter(p.Section)))
            .Select(g => (Id: ClassSections.IdOf(g.Key.SchoolId, g.Key.SchoolYear, g.Key.Grade, g.Key.Letter), Group: g)).ToList();
        // The sections there are already, in one read (a national jurisdiction has tens of thousands).
        var existing = (await session.LoadManyAsync<SectionView>(ct, groups.Select(g => g.Id))).ToDictionary(s => s.Id);
        int opened = 0, linked = 0, learners = 0;
        foreach (var (id, group) in groups)
        {
            var section = existing.GetValueOrDefault(id);
            var known = section?.LinkedLearners.ToHashSet() ?? [];
            var fresh = group.Select(p => p.LearnerId).Where(l => !known.Contains(l)).Distinct().Order().ToList();
            if (section is null)
            {
                var school = schools.GetValueOrDefault(group.Key.SchoolId);
                session.Events.StartStream<SectionView>(id, new SectionOpened(id, group.Key.SchoolId, school?.Code ?? group.First().SchoolCode,
                    school?.Municipality ?? "", group.Key.SchoolYear, ProgrammeFor(structure, school, group.Key.Grade), group.Key.Grade,
                    group.Key.Letter, "und", null, SectionOrigin.Upgrade), new SectionEnrolmentsLinked(id, fresh));
                opened++;
            }
            else if (fresh.Count > 0)
            {
                // Fetched for writing: with quick appends only a fetched stream gives the inline projection the event's version.
                var stream = await session.Events.FetchForWriting<SectionView>(id, ct);
                stream.AppendOne(new SectionEnrolmentsLinked(id, fresh));
            }
            if (fresh.Count > 0) linked++;
            learners += fresh.Count;
        }
        await session.SaveChangesAsync(ct);
        LogLinked(logger, jurisdiction, opened, linked, learners);
        return new SectionsMade(opened, linked, learners);
    }

    /// <summary>
    /// Opens next year's sections from this year's open ones in the schools given (all when null): the next grade, the same
    /// letter, programme, language and shift, while the programme teaches that grade. A section already there is left alone.
    /// </summary>
    public async Task<SectionsMade> RollOverAsync(string jurisdiction, string actor, string schoolYear, IReadOnlySet<Guid>? schoolIds,
        CancellationToken ct)
    {
        var next = CurriculumRules.NextYear(schoolYear);
        await using var session = Session(jurisdiction, actor, "rollover-sections-" + schoolYear.Replace('/', '-'));
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct);
        var sections = await session.Query<SectionView>().Where(s => s.SchoolYear == schoolYear && !s.Closed).ToListAsync(ct);
        var there = (await session.Query<SectionView>().Where(s => s.SchoolYear == next).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        var opened = 0;
        foreach (var section in sections.Where(s => schoolIds is null || schoolIds.Contains(s.SchoolId)))
        {
            var grade = section.Grade + 1;
            var programme = section.Programme is null ? null : structure?.ProgrammeOf(section.Programme);
            if (programme is not null ? !programme.Teaches(grade) : grade > 13) continue;
            var id = ClassSections.IdOf(section.SchoolId, next, grade, section.Letter);
            if (!there.Add(id)) continue;
            session.Events.StartStream<SectionView>(id, new SectionOpened(id, section.SchoolId, section.SchoolCode, section.Municipality, next,
                section.Programme, grade, section.Letter, section.Language, section.Shift, SectionOrigin.Rollover));
            opened++;
        }
        await session.SaveChangesAsync(ct);
        return new SectionsMade(opened, 0, 0);
    }

    /// <summary>
    /// The one formal programme that teaches the grade at a level the school teaches (the Registry's primary is ISCED 1,
    /// lower secondary 2, upper secondary 3, combined 1 and 2), when there is exactly one; otherwise none, for a person to set.
    /// </summary>
    public static string? ProgrammeFor(EducationStructureView? structure, CurriculumSchool? school, int grade)
    {
        int[] isced = school?.Level switch
        {
            "primary" => [1],
            "lower_secondary" => [2],
            "upper_secondary" => [3],
            "combined" => [1, 2],
            _ => [0, 1, 2, 3],
        };
        var levels = (structure?.Levels ?? []).Where(l => isced.Contains(l.Isced)).Select(l => l.Code).ToHashSet();
        var candidates = (structure?.Programmes ?? [])
            .Where(p => p.Kind == ProgrammeKind.Formal && p.Teaches(grade) && levels.Contains(p.Level)).ToList();
        return candidates.Count == 1 ? candidates[0].Code : null;
    }

    private IDocumentSession Session(string jurisdiction, string actor, string correlation)
    {
        var session = store.LightweightSession(jurisdiction);
        session.CorrelationId = correlation;
        session.SetHeader(EventHeaders.Jurisdiction, jurisdiction);
        session.SetHeader(EventHeaders.Actor, actor);
        session.SetHeader(EventHeaders.Source, Sources.Sync);
        return session;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sections from enrolments in {Jurisdiction}: {Opened} opened, {Linked} linked, {Learners} learners' enrolments linked")]
    private static partial void LogLinked(ILogger logger, string jurisdiction, int opened, int linked, int learners);
}
