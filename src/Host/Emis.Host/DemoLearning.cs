using System.Globalization;
using Emis.Curriculum.Contracts;
using Emis.Curriculum.Curricula;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Enrollment.Contracts;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.EnrollLearner;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Learners.RollOverSchoolYear;
using Emis.Enrollment.Schools;
using Emis.Learning.Marks;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.Commands;
using JasperFx.Events;
using Marten;

namespace Emis.Host;

/// <summary>
/// Last school year (<see cref="LastSchoolYear"/>) in the demo canton, with its marks and confirmed results, so that `./emis up`
/// shows pass rates: the 1–5 scale (1 failing) for both levels, a half-year term before the final mark, and make-up exams for
/// up to two failing subjects. The demo's learners are this year's (<see cref="DemoLearners"/>), so last year is made as it would
/// have been: a learner now above their school's first grade was last year one grade lower, same school and letter (a few
/// repeated it: the same grade); the learners who completed a programme's last grade (9 in a primary school, 13 in an upper
/// secondary or combined one) are registered for last year, the graduating cohort. Last year's sections are opened by
/// Curriculum's decision; term and final marks recorded by Learning's (a realistic spread: most pass, a few fail one or two
/// subjects and most of those pass the make-up exam, corrected with its reason, fewer fail more); the results confirmed by
/// Learning's decision with Enrollment's outcomes recorded in the same transaction (<see cref="IYearEndOutcomes"/>), and the
/// graduating cohort rolled over by Enrollment's rollover (those who repeat stay in the grade). Fixed seeds; loaded once.
/// </summary>
internal static partial class DemoLearning
{
    public const string LastSchoolYear = "2024/2025";
    private const string HalfYear = "T1";
    private const string MadeUp = "Popravni ispit položen";
    private const string NotMadeUp = "Popravni ispit nije položen: ponavlja razred";

    /// <summary>The 1–5 scale of Bosnia and Herzegovina, 1 failing.</summary>
    private static readonly MarkDefinition[] FivePoint =
    [
        new("1", "nedovoljan", 1m, false), new("2", "dovoljan", 2m, true), new("3", "dobar", 3m, true), new("4", "vrlo dobar", 4m, true),
        new("5", "odličan", 5m, true),
    ];

    /// <summary>How readily a subject is failed: mathematics most, then the sciences and languages (lower sorts first).</summary>
    private static readonly Dictionary<string, double> Difficulty = new(StringComparer.Ordinal)
    {
        ["MAT"] = 0.35,
        ["FIZ"] = 0.55,
        ["HEM"] = 0.55,
        ["ENG"] = 0.7,
        ["NJE"] = 0.7,
        ["LAT"] = 0.7,
        ["BOS"] = 0.8,
        ["ELT"] = 0.8,
    };

    /// <summary>A learner of last year: where, whether they repeat the grade, and whether they are of the graduating cohort.</summary>
    private sealed record Placed(Guid LearnerId, EnrollmentSchool School, int Grade, string Letter, bool Repeats);

    /// <summary>What the marks of a learner say: the subjects failed, and whether the make-up exam saves the year.</summary>
    private sealed record Fate(double Level, int Failing, bool MakeUpPassed);

    private sealed record SectionYear(SectionSubjects Section, IReadOnlyList<RosterLearner> Roster, List<MarkSheetView> Sheets,
        Dictionary<Guid, Fate> Fates);

    public static async Task LoadAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var rulesId = AssessmentRulesView.IdFor(jurisdiction);
        List<LearnerProfile> current;
        Dictionary<Guid, EnrollmentSchool> schools;
        Dictionary<Guid, CurriculumSchool> curriculumSchools;
        EducationStructureView? structure;
        await using (var query = store.QuerySession(jurisdiction))
        {
            if (await query.LoadAsync<AssessmentRulesView>(rulesId, ct) is not null) return;
            var book = await query.LoadAsync<CurriculumBook>(CurriculumBook.IdFor(jurisdiction), ct);
            if (book is null || !book.Versions.Any(v => string.CompareOrdinal(v.FromSchoolYear, LastSchoolYear) <= 0))
            {
                // A demo store from before Learning: its curricula start this year, and the past keeps the curriculum it had.
                LogNoCurriculum(logger, LastSchoolYear);
                return;
            }
            structure = await query.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct);
            current = [.. await query.Query<LearnerProfile>()
                .Where(l => l.SchoolYear == DemoLearners.SchoolYear && l.SchoolId != null && l.Status == LearnerStatus.Enrolled).ToListAsync(ct)];
            schools = (await query.Query<EnrollmentSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
            curriculumSchools = (await query.Query<CurriculumSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
        }
        var random = new Random(2024);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // 1. Who was where last year: this year's learners one grade lower (or, for a few, the same grade), and the graduating cohort.
        var placed = new List<Placed>();
        foreach (var learner in current.OrderBy(l => l.SchoolCode, StringComparer.Ordinal).ThenBy(l => l.Grade).ThenBy(l => l.Section)
            .ThenBy(l => l.LastName, StringComparer.Ordinal).ThenBy(l => l.FirstName, StringComparer.Ordinal).ThenBy(l => l.BirthDate)
            .ThenBy(l => l.Id))
        {
            var school = schools[learner.SchoolId!.Value];
            var grade = learner.Grade!.Value;
            var repeats = random.NextDouble() < 0.015;
            var then = repeats ? grade : grade - 1;
            if (school.Grades.Contains(then) && Completes(school, then) is not false)
            {
                placed.Add(new Placed(learner.Id, school, then, learner.Section!, repeats));
            }
        }
        var cohort = new List<(RegisterLearner Learner, EnrollmentSchool School, bool Repeats)>();
        foreach (var school in schools.Values.Where(s => !s.IsClosed).OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            var last = school.Grades.Last;
            var here = current.Where(l => l.SchoolId == school.Id).ToList();
            var letters = here.Where(l => l.Grade == last).Select(l => l.Section!).Distinct().Order(StringComparer.Ordinal).ToList();
            var size = (int)Math.Round(here.Count / (double)(last - school.Grades.First + 1)) + random.Next(-1, 3);
            for (var i = 0; i < size; i++)
            {
                // Those who repeat the last grade stay in their section, which is open this year too.
                var repeats = letters.Count > 0 && random.NextDouble() < 0.02;
                var letter = repeats ? letters[random.Next(letters.Count)] : null;
                cohort.Add((DemoLearners.Fictitious(random, school.Id, last, LastSchoolYear, letter, today), school, repeats));
            }
        }
        var loader = services.GetRequiredService<LearnerBulkLoader>();
        foreach (var chunk in cohort.Chunk(1000))
        {
            var result = await loader.LoadAsync([.. chunk.Select(c => c.Learner)], Context(jurisdiction), ct);
            if (result.Refused.Count > 0)
            {
                throw new InvalidOperationException($"{result.Refused.Count} demo learners of {LastSchoolYear} refused");
            }
        }
        placed.AddRange(cohort.Select(c => new Placed(c.Learner.LearnerId, c.School, c.Learner.Enrollment!.Grade, c.Learner.Enrollment.Section,
            c.Repeats)));

        // 2. Last year's enrolments of this year's learners, by Enrollment's decision (an earlier year joins their history).
        var cohortIds = cohort.Select(c => c.Learner.LearnerId).ToHashSet();
        foreach (var school in placed.Where(p => !cohortIds.Contains(p.LearnerId)).GroupBy(p => p.School.Id))
        {
            await using var session = DemoSession.Open(store, jurisdiction);
            foreach (var p in school)
            {
                var stream = await session.Events.FetchForWriting<Learner>(p.LearnerId, ct);
                stream.AppendOne(EnrollLearnerHandler.Decide(new EnrollLearner(p.LearnerId, LastSchoolYear, p.School.Id, p.Grade, p.Letter),
                    stream.Aggregate!, p.School));
            }
            await session.SaveChangesAsync(ct);
        }

        // 3. Last year's sections, by Curriculum's decision; an upper secondary school's follow its programme by its name.
        var classes = placed.GroupBy(p => (p.School.Id, p.Grade, p.Letter)).OrderBy(g => g.Key.Id).ThenBy(g => g.Key.Grade)
            .ThenBy(g => g.Key.Letter, StringComparer.Ordinal).ToList();
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            foreach (var (schoolId, grade, letter) in classes.Select(c => c.Key))
            {
                var school = curriculumSchools[schoolId];
                var programme = grade <= 9 ? "OS" : school.Name.Contains("Gimnazija", StringComparison.OrdinalIgnoreCase) ? "GIM" : "SSS";
                var opened = SectionCommandsHandler.DecideOpen(
                    new OpenSection(schoolId, LastSchoolYear, programme, grade, letter, "bs", Shift.Morning), school, structure, null);
                session.Events.StartStream<SectionView>(opened.SectionId, opened);
            }
            // 4. The assessment rules, by Learning's decision.
            var levels = structure!.Levels.Select(l => l.Code).ToList();
            object[] rulesEvents =
            [
                .. levels.Select(level => AssessmentRulesHandler.DecideScale(new SetGradingScale(level, ScaleKind.Numeric, FivePoint), rulesId,
                    levels)),
                new AssessmentCalendarSet(rulesId, [new TermDefinition(HalfYear, "Prvo polugodište")], 2),
            ];
            session.Events.StartStream<AssessmentRulesView>(rulesId, rulesEvents);
            await session.SaveChangesAsync(ct);
        }
        AssessmentRulesView rules;
        await using (var query = store.QuerySession(jurisdiction))
        {
            rules = await query.LoadAsync<AssessmentRulesView>(rulesId, ct) ?? throw new InvalidOperationException("the rules were not stored");
        }

        // 5. The half-year and final marks of every section and subject, a school at a time.
        var catalogue = services.GetRequiredService<ISectionCatalogue>();
        var outcomes = services.GetRequiredService<IYearEndOutcomes>();
        var repeating = placed.Where(p => p.Repeats).Select(p => p.LearnerId).ToHashSet();
        var years = new List<SectionYear>();
        foreach (var school in classes.GroupBy(c => c.Key.Id))
        {
            await using var session = DemoSession.Open(store, jurisdiction);
            foreach (var (schoolId, grade, letter) in school.Select(c => c.Key))
            {
                var id = ClassSections.IdOf(schoolId, LastSchoolYear, grade, letter);
                var section = await catalogue.SectionAsync(jurisdiction, id, ct)
                    ?? throw new InvalidOperationException($"section {id} not stored");
                var roster = await outcomes.RosterAsync(jurisdiction, schoolId, LastSchoolYear, grade, letter, ct);
                var fates = roster.ToDictionary(r => r.LearnerId, r => FateOf(random, repeating.Contains(r.LearnerId), section.Subjects.Count));
                var failing = roster.ToDictionary(r => r.LearnerId, r => Failed(random, section, fates[r.LearnerId].Failing));
                var year = new SectionYear(section, roster, [], fates);
                foreach (var subject in section.Subjects)
                {
                    var marks = roster
                        .Select(r => (r.LearnerId, Final: Final(random, fates[r.LearnerId], failing[r.LearnerId].Contains(subject.Code)))).ToList();
                    var halfYear = MarkCommandsHandler.Decide(new RecordMarks(id, subject.Code, HalfYear,
                        [.. marks.Select(m => new MarkEntry(m.LearnerId, HalfYearOf(random, m.Final)))]), section, rules, roster, null);
                    var sheet = MarkSheetProjection.Create(AsEvent(halfYear, halfYear.SheetId, 1));
                    var final = MarkCommandsHandler.Decide(new RecordMarks(id, subject.Code, AssessmentRulesView.Final,
                        [.. marks.Select(m => new MarkEntry(m.LearnerId, m.Final))]), section, rules, roster, sheet);
                    year.Sheets.Add(MarkSheetProjection.Apply(AsEvent(final, final.SheetId, 2), sheet));
                    session.Events.StartStream<MarkSheetView>(halfYear.SheetId, halfYear, final);
                }
                years.Add(year);
            }
            await session.SaveChangesAsync(ct);
        }

        // 6. The make-up exams in August (corrections with their reason), then the results the school confirms, recorded in Enrollment.
        var counts = new Dictionary<YearEndResult, int>();
        foreach (var school in years.GroupBy(y => y.Section.SchoolId))
        {
            await using var session = DemoSession.Open(store, jurisdiction);
            foreach (var year in school)
            {
                var section = year.Section;
                var proposals = SectionResultsView.Propose(section, year.Roster, year.Sheets, rules.MakeUpSubjectsAllowed);
                foreach (var proposal in proposals.Where(p => p.Outcome == ProposedOutcome.MakeUpExams && year.Fates[p.LearnerId].MakeUpPassed))
                {
                    foreach (var subject in proposal.FailingSubjects)
                    {
                        var i = year.Sheets.FindIndex(s => s.Subject == subject);
                        var corrected = MarkCommandsHandler.Decide(new CorrectMark(section.SectionId, subject, AssessmentRulesView.Final,
                            proposal.LearnerId, random.Next(4) == 0 ? "3" : "2", MadeUp), section, rules, year.Sheets[i], null);
                        session.Events.Append(corrected.SheetId, corrected);
                        var version = year.Sheets[i].Version + 1;
                        year.Sheets[i] = MarkSheetProjection.Apply(AsEvent(corrected, corrected.SheetId, version), year.Sheets[i]);
                    }
                }
                proposals = SectionResultsView.Propose(section, year.Roster, year.Sheets, rules.MakeUpSubjectsAllowed);
                var results = proposals.Select(p => new ResultEntry(p.LearnerId, p.Outcome switch
                {
                    ProposedOutcome.Promoted => YearEndResult.Promoted,
                    ProposedOutcome.Graduated => YearEndResult.Graduated,
                    _ => YearEndResult.Repeating,
                })).ToList();
                var overridden = proposals.Any(p => p.Outcome == ProposedOutcome.MakeUpExams);
                var confirmed = ConfirmYearEndResultsHandler.Decide(
                    new ConfirmYearEndResults(section.SectionId, results, overridden ? NotMadeUp : null), section, proposals, null);
                session.Events.StartStream<SectionResultsView>(confirmed.ResultsId, confirmed);
                await outcomes.RecordAsync(session, LastSchoolYear,
                    [.. confirmed.Results.Select(r => new YearEndResultToRecord(r.LearnerId, r.Outcome))], ct);
                foreach (var r in confirmed.Results) counts[r.Outcome] = counts.GetValueOrDefault(r.Outcome) + 1;
            }
            await session.SaveChangesAsync(ct);
        }

        // 7. The graduating cohort's schools roll over: graduates leave, those repeating the last grade are enrolled in it again.
        foreach (var school in cohort.Select(c => c.School).DistinctBy(s => s.Id))
        {
            await using var session = DemoSession.Open(store, jurisdiction);
            await RollOverSchoolYearHandler.Handle(new RollOverSchoolYear(school.Id, LastSchoolYear), session, ct);
            await session.SaveChangesAsync(ct);
        }
        LogLoaded(logger, LastSchoolYear, years.Count, years.Sum(y => y.Sheets.Count), counts.GetValueOrDefault(YearEndResult.Promoted),
            counts.GetValueOrDefault(YearEndResult.Graduated), counts.GetValueOrDefault(YearEndResult.Repeating));
    }

    /// <summary>
    /// Whether a learner in this grade completes a programme there (null: the programme goes on in the grade). A combined school's
    /// grade 9 ends the primary programme while the school goes on to grade 13, so that Learning would have the learner graduate
    /// and Enrollment promote them; the demo leaves that class out of last year rather than confirm one against the other.
    /// </summary>
    private static bool? Completes(EnrollmentSchool school, int grade) =>
        grade == 9 && school.Grades.Last > 9 ? false : grade == school.Grades.Last ? true : null;

    /// <summary>
    /// A learner's year: a level their passing marks scatter around, and how many subjects they fail. Those who go up fail none
    /// (most), or one or two and pass the make-up exam; those who repeat fail three or four, or one or two and fail the make-up.
    /// </summary>
    private static Fate FateOf(Random random, bool repeats, int subjects)
    {
        var level = 2.3 + random.NextDouble() * 2.7;
        var roll = random.NextDouble();
        var fate = repeats
            ? roll < 0.35 ? new Fate(2.0, 3 + random.Next(2), false) : new Fate(2.2, 1 + random.Next(2), false)
            : roll < 0.86 ? new Fate(level, 0, true) : roll < 0.96 ? new Fate(level - 0.6, 1, true) : new Fate(level - 0.8, 2, true);
        return fate with { Failing = Math.Min(fate.Failing, subjects) };
    }

    /// <summary>The subjects a learner fails: the harder ones more often.</summary>
    private static HashSet<string> Failed(Random random, SectionSubjects section, int count) =>
        [.. section.Subjects.Select(s => s.Code).OrderBy(code => random.NextDouble() * Difficulty.GetValueOrDefault(code, 1.0)).Take(count)];

    private static string Final(Random random, Fate fate, bool fails) => fails
        ? "1"
        : Math.Clamp((int)Math.Round(fate.Level + (random.NextDouble() - 0.5) * 2), 2, 5).ToString(CultureInfo.InvariantCulture);

    /// <summary>The half-year mark: the final one give or take one (a failing final mark was failing or weak at the half-year too).</summary>
    private static string HalfYearOf(Random random, string final)
    {
        var mark = int.Parse(final, CultureInfo.InvariantCulture) + random.Next(-1, 2);
        return Math.Clamp(mark, 1, final == "1" ? 2 : 5).ToString(CultureInfo.InvariantCulture);
    }

    private static Event<T> AsEvent<T>(T data, Guid stream, long version) where T : notnull =>
        new(data) { StreamId = stream, Version = version, Timestamp = DateTimeOffset.UtcNow };

    private static CommandContext Context(string jurisdiction) =>
        new(jurisdiction, "demo-loader", Sources.Seed, "demo-" + Guid.NewGuid().ToString("N"));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo marks of {SchoolYear}: {Sections} sections, {Sheets} mark sheets; {Promoted} promoted, {Graduated} graduated, "
            + "{Repeating} repeating")]
    private static partial void LogLoaded(ILogger logger, string schoolYear, int sections, int sheets, int promoted, int graduated, int repeating);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Demo marks not loaded: this demo store's curricula start after {SchoolYear}; "
            + "start from an empty store for last year's marks")]
    private static partial void LogNoCurriculum(ILogger logger, string schoolYear);
}
