using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Marten;

namespace Emis.Host;

/// <summary>
/// The demo canton's education structure and curricula, in the style of Una-Sana Canton's framework: the nine-year primary
/// school (class teaching in grades 1–5, subject teaching in 6–9), the general gymnasium and a technical school (grades
/// 10–13, I–IV), their subjects and weekly hours, in force since last school year (the demo has last year's marks, DemoLearning);
/// then its sections, made from the demo learners' enrolments by the same
/// upgrade a ministry runs (adr/0027). The events come from Curriculum's own decisions.
/// </summary>
internal static partial class DemoCurriculum
{
    /// <summary>What a class teacher of grades 1–5 teaches, with the hours (the demo staff are assigned these).</summary>
    public static readonly (string Subject, decimal Hours)[] ClassTeaching = [("BOS", 5), ("MAT", 4), ("MPD", 2), ("MUZ", 1), ("LIK", 1), ("TZO", 3)];

    private static readonly Subject[] Subjects =
    [
        new("BOS", "Bosanski jezik i književnost", "Bosnian language"),
        new("MAT", "Matematika", "Mathematics"),
        new("MPD", "Moja okolina / Priroda i društvo", "Environment and society"),
        new("ENG", "Engleski jezik", "English"),
        new("NJE", "Njemački jezik", "German"),
        new("LAT", "Latinski jezik", "Latin"),
        new("PRI", "Priroda", "Natural sciences"),
        new("HIS", "Historija", "History"),
        new("GEO", "Geografija", "Geography"),
        new("BIO", "Biologija", "Biology"),
        new("FIZ", "Fizika", "Physics"),
        new("HEM", "Hemija", "Chemistry"),
        new("INF", "Informatika", "Computer science"),
        new("TEH", "Tehnička kultura", "Technical education"),
        new("MUZ", "Muzička kultura", "Music"),
        new("LIK", "Likovna kultura", "Art"),
        new("TZO", "Tjelesni i zdravstveni odgoj", "Physical and health education"),
        new("VJE", "Vjeronauka / Kultura religija", "Religious education"),
        new("PSI", "Psihologija", "Psychology"),
        new("SOC", "Sociologija", "Sociology"),
        new("FIL", "Filozofija", "Philosophy"),
        new("ELT", "Osnove elektrotehnike", "Electrical engineering"),
        new("PRK", "Praktična nastava", "Practical training"),
    ];

    private static readonly (string Programme, int[] Grades, (string, decimal)[] Subjects)[] Versions =
    [
        ("OS", [1, 2], [("BOS", 5), ("MAT", 4), ("MPD", 2), ("MUZ", 1), ("LIK", 1), ("TZO", 3), ("VJE", 1)]),
        ("OS", [3, 4, 5], [("BOS", 5), ("MAT", 4), ("MPD", 2), ("ENG", 2), ("MUZ", 1), ("LIK", 1), ("TZO", 3), ("VJE", 1)]),
        ("OS", [6], [("BOS", 4), ("MAT", 4), ("ENG", 2), ("NJE", 2), ("PRI", 2), ("HIS", 2), ("GEO", 1), ("TEH", 2), ("INF", 1), ("MUZ", 1),
            ("LIK", 1), ("TZO", 2), ("VJE", 1)]),
        ("OS", [7], [("BOS", 4), ("MAT", 4), ("ENG", 2), ("NJE", 2), ("BIO", 2), ("FIZ", 2), ("HIS", 2), ("GEO", 2), ("TEH", 1), ("INF", 1),
            ("MUZ", 1), ("LIK", 1), ("TZO", 2), ("VJE", 1)]),
        ("OS", [8, 9], [("BOS", 4), ("MAT", 4), ("ENG", 2), ("NJE", 2), ("BIO", 2), ("FIZ", 2), ("HEM", 2), ("HIS", 2), ("GEO", 2), ("INF", 1),
            ("MUZ", 1), ("LIK", 1), ("TZO", 2), ("VJE", 1)]),
        ("GIM", [10, 11], [("BOS", 4), ("MAT", 4), ("ENG", 3), ("NJE", 2), ("LAT", 2), ("HIS", 2), ("GEO", 2), ("BIO", 2), ("FIZ", 2),
            ("HEM", 2), ("INF", 2), ("MUZ", 1), ("LIK", 1), ("TZO", 2), ("VJE", 1)]),
        ("GIM", [12, 13], [("BOS", 4), ("MAT", 4), ("ENG", 3), ("NJE", 2), ("HIS", 2), ("BIO", 2), ("FIZ", 2), ("HEM", 2), ("PSI", 2),
            ("SOC", 2), ("FIL", 2), ("TZO", 2), ("VJE", 1)]),
        ("SSS", [10, 11, 12, 13], [("BOS", 3), ("MAT", 4), ("ENG", 2), ("FIZ", 2), ("INF", 2), ("ELT", 4), ("PRK", 8), ("TZO", 2), ("VJE", 1)]),
    ];

    public static async Task LoadAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        await using (var query = store.QuerySession(jurisdiction))
        {
            if (await query.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct) is not null) return;
        }
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            var structureId = EducationStructureView.IdFor(jurisdiction);
            var structure = SetEducationStructureHandler.Decide(new SetEducationStructure(
                [new("PRIM", "Osnovno obrazovanje", 1), new("SEC", "Srednje obrazovanje", 3)],
                [
                    new("OS", "Devetogodišnja osnovna škola", "PRIM", 1, 9, ProgrammeKind.Formal),
                    new("GIM", "Opća gimnazija", "SEC", 10, 13, ProgrammeKind.Formal),
                    new("SSS", "Tehnička škola – elektrotehnika", "SEC", 10, 13, ProgrammeKind.Formal),
                ], Subjects, 32), structureId, null, null);
            session.Events.StartStream<EducationStructureView>(structureId, structure);
            var view = EducationStructureProjection.Create(new JasperFx.Events.Event<EducationStructureSet>(structure) { StreamId = structureId });
            var bookId = CurriculumBook.IdFor(jurisdiction);
            var book = new CurriculumBook { Id = bookId };
            var events = new List<object>();
            foreach (var (programme, grades, subjects) in Versions)
            {
                var adopted = AdoptCurriculumVersionHandler.Decide(new AdoptCurriculumVersion(Guid.CreateVersion7(), programme, grades,
                    DemoLearning.LastSchoolYear, [.. subjects.Select(s => new SubjectHours(s.Item1, s.Item2))]), bookId, view, book);
                events.Add(adopted);
                book.Versions.Add(new CurriculumVersion(adopted.VersionId, adopted.Programme, adopted.Grades, adopted.FromSchoolYear,
                    adopted.Subjects, null, DateTimeOffset.UtcNow));
            }
            session.Events.StartStream<CurriculumBook>(bookId, [.. events]);
            await session.SaveChangesAsync(ct);
        }

        // The demo learners' sections, as the upgrade makes them; an upper secondary school's follow the gymnasium or the technical
        // programme by its name (the upgrade cannot tell which and leaves them for the school to set).
        var made = await services.GetRequiredService<SectionLinker>().LinkAsync(jurisdiction, "demo-loader", ct);
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            var schools = (await session.Query<Curriculum.Schools.CurriculumSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
            var open = await session.Query<SectionView>().Where(s => s.Programme == null).ToListAsync(ct);
            var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(jurisdiction), ct);
            foreach (var section in open)
            {
                var name = schools.TryGetValue(section.SchoolId, out var school) ? school.Name : "";
                var programme = name.Contains("Gimnazija", StringComparison.OrdinalIgnoreCase) ? "GIM" : "SSS";
                var stream = await session.Events.FetchForWriting<SectionView>(section.Id, ct);
                stream.AppendOne(SectionCommandsHandler.DecideProgramme(new SetSectionProgramme(section.Id, programme), section, structure));
            }
            await session.SaveChangesAsync(ct);
        }
        LogLoaded(logger, Versions.Length, made.Opened);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo curriculum loaded: {Versions} curriculum versions, {Sections} class sections")]
    private static partial void LogLoaded(ILogger logger, int versions, int sections);
}
