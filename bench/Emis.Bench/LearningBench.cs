using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Emis.Curriculum.Contracts;
using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Enrollment.Contracts;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Schools;
using Emis.Host;
using Emis.Learning.Marks;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

internal sealed record LearningOptions(int Learners, int ClassSize, int Clients, int Seconds, int Seed)
{
    public const string Usage =
        "usage: ./emis bench learning [--learners N] [--class-size K] [--clients C] [--seconds S] [--seed X]";

    public static bool TryParse(string[] args, out LearningOptions options, out string? problem)
    {
        options = new LearningOptions(20_000, 25, 16, 10, 20262);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{args[i]} needs a whole number of at least 1";
                return false;
            }
            switch (args[i])
            {
                case "--learners": options = options with { Learners = value }; break;
                case "--class-size": options = options with { ClassSize = value }; break;
                case "--clients": options = options with { Clients = value }; break;
                case "--seconds": options = options with { Seconds = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        return true;
    }
}

/// <summary>
/// Marks at national scale (issue 15): a fresh database, the real host on a real port, a jurisdiction of primary schools over 38
/// municipalities registered through the Registry's import, the education structure and a curriculum of 12 subjects by
/// Curriculum's decisions, one section per school, grade and letter (<see cref="SectionOpened"/>), the 1–5 grading scale over
/// GraphQL, and N learners enrolled in those sections by <see cref="LearnerBulkLoader"/>. Then the final marks of every section
/// and subject go through the real <c>recordMarks</c> mutation over HTTP, each as the school admin of the section's school,
/// from C concurrent clients, against a binary COPY of the same rows into a table shaped like <c>lrn_marks</c>; and the pass
/// rate by municipality × subject × sex (<c>markFigures</c>) is asked by 64 clients, live and as of earlier sequences, against
/// the same SQL sent straight to PostgreSQL by 64 clients. Every answer is checked.
/// </summary>
internal static class LearningBench
{
    private const string Jurisdiction = "national";
    private const string Year = "2025/2026";
    private const int Grades = 9;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    private static readonly (string Code, decimal Hours)[] Subjects =
    [
        ("BOS", 5), ("MAT", 4), ("ENG", 2), ("NJE", 2), ("HIS", 2), ("GEO", 2), ("BIO", 2), ("FIZ", 2), ("INF", 1), ("MUZ", 1), ("LIK", 1),
        ("TZO", 3),
    ];

    private static readonly (string Code, string Label, decimal Value, bool Passing)[] Scale =
    [
        ("1", "nedovoljan", 1m, false), ("2", "dovoljan", 2m, true), ("3", "dobar", 3m, true), ("4", "vrlo dobar", 4m, true),
        ("5", "odličan", 5m, true),
    ];

    private const string Record = """
        mutation($section: ID!, $subject: String!, $marks: [MarkEntryInput!]!) {
          recordMarks(sectionId: $section, subject: $subject, term: "FINAL", marks: $marks) { sheet { version } errors { code field message } }
        }
        """;

    private const string Figures = """
        query($seq: Long) {
          markFigures(schoolYear: "2025/2026", groupBy: [MUNICIPALITY, SUBJECT, SEX], asOfSequence: $seq) {
            sequence rows { municipality subject sex marks averageMark { value } passRate { value numerator denominator } }
          }
        }
        """;

    /// <summary>
    /// What <c>MarkFiguresQueries</c> sends for this question from the whole jurisdiction (dimensions in the enum's order: municipality,
    /// sex, subject): the marks open at the sequence, grouped. By subject it computes no learners' failing counts (they are not figures
    /// by subject).
    /// </summary>
    private const string FiguresSql = """
        with m as (select * from emis.lrn_marks where tenant_id = $1 and school_year = $2 and term = $3 and from_seq <= $4
                     and (to_seq is null or to_seq > $4)),
        g as (select municipality, sex, subject, count(*) as marks, count(value) as valued, coalesce(sum(value), 0) as total,
                     count(*) filter (where passing) as passed from m group by municipality, sex, subject)
        select g.municipality, g.sex, g.subject, g.marks, g.valued, g.total, g.passed, null::bigint, null::bigint, null::bigint, null::bigint
        from g
        order by g.municipality, g.sex, g.subject
        """;

    private sealed record Section(int Index, Guid Id, EnrollmentSchool School, int Grade, string Letter, List<(Guid Id, string Sex)> Learners);

    /// <summary>One section's final marks in one subject: one recordMarks mutation.</summary>
    private sealed record Sheet(Section Section, string Subject, string[] Marks);

    public static async Task<int> RunAsync(string server, LearningOptions options)
    {
        var sections = (options.Learners + options.ClassSize - 1) / options.ClassSize;
        var schools = (sections + Grades - 1) / Grades;
        Say($"Emis learning benchmark — {options.Learners:N0} learners in {sections:N0} sections of up to {options.ClassSize} in {schools:N0} " +
            $"schools, {Subjects.Length} subjects, {options.Clients} recording clients, {options.Seconds} s per read run, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options, schools));
    }

    private static async Task<int> RunInAsync(string connection, string database, LearningOptions options, int schoolCount)
    {
        Say($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Say($"database {database}: {await EnrollmentBench.EnvironmentAsync(connection)}");
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                "--Emis:GraphQL:RateLimit:PerMinute=0", "--Logging:LogLevel:Default=Warning"],
            runDaemon: true);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
            var issuer = new LocalTokenIssuer(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build());
            using var http = new HttpClient(
                new SocketsHttpHandler { MaxConnectionsPerServer = HttpLoad.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromSeconds(120),
            };
            var ministry = new GraphQLClient(http, issuer.Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null)));

            Say("");
            Say("[1/4] set-up: schools (Registry import), structure and curriculum (Curriculum's decisions), sections, grading scale " +
                "(GraphQL), learners (LearnerBulkLoader)");
            var setUp = Stopwatch.StartNew();
            var schools = await RegisterSchoolsAsync(app.Services, schoolCount, options.Seed);
            var watch = Stopwatch.StartNew();
            var sections = await OpenSectionsAsync(app.Services, schools, options);
            Say($"  structure, curriculum of {Subjects.Length} subjects and {sections.Count:N0} sections in {watch.Elapsed.TotalSeconds:F1} s");
            await SetScaleAsync(ministry);
            watch.Restart();
            var loaded = await LoadLearnersAsync(app.Services, sections, options);
            Say($"  {loaded:N0} learners registered and enrolled in {watch.Elapsed.TotalSeconds:F1} s ({loaded / watch.Elapsed.TotalSeconds:F0}/s)");
            foreach (var table in new[] { "enr_spells", "mt_doc_sectionview", "mt_events", "mt_streams" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }
            Say($"  set-up done in {setUp.Elapsed.TotalSeconds:F1} s");

            var sheets = PlanSheets(sections, options.Seed);
            var expectedMarks = sheets.Sum(s => (long)s.Marks.Length);
            var tokens = schools.ToDictionary(s => s.Code, s => new GraphQLClient(http,
                issuer.Issue(new Caller("bench-admin-" + s.Code, Roles.SchoolAdmin, Jurisdiction, s.Municipality, s.Code))));

            Say("");
            Say($"[2/4] final marks: {sheets.Count:N0} recordMarks mutations (sections × subjects), {expectedMarks:N0} marks, each as the " +
                "school admin of the section's school");
            // Where the time goes: a sample sent by one client, and the two contracts the mutation calls, timed alone on the same sample.
            var sample = sheets.Take(Math.Min(200, sheets.Count / 10)).ToList();
            var one = await RecordAsync(sample, tokens, 1);
            var parts = await ContractsAsync(app.Services, sample);
            Say($"  one client, {sample.Count} mutations: {one.Mutations / one.Elapsed.TotalSeconds:F1} mutations/s, {one.Latency.Format()}");
            Say($"    alone, on the same sections: ISectionCatalogue.SectionAsync {parts.Section.Format()}");
            Say($"                                 IYearEndOutcomes.RosterAsync     {parts.Roster.Format()}");
            var rest = sheets.Skip(sample.Count).ToList();
            var statements = await StatementsAsync(connection, reset: true);
            var dataDirectory = await DataDirectoryAsync(connection);
            var hostCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var pgCpu = Machine.PostgresCpu(dataDirectory);
            var recorded = await RecordAsync(rest, tokens, options.Clients, p => Say(p));
            hostCpu = Process.GetCurrentProcess().TotalProcessorTime - hostCpu;
            pgCpu = Machine.PostgresCpu(dataDirectory) - pgCpu;
            Say($"  {options.Clients} clients, {recorded.Mutations:N0} mutations in {recorded.Elapsed.TotalSeconds:F1} s: " +
                $"{recorded.Mutations / recorded.Elapsed.TotalSeconds:F1} mutations/s, " +
                $"{recorded.Marks / recorded.Elapsed.TotalSeconds:F0} marks/s, " +
                $"{recorded.Latency.Format()}, failures {recorded.Failures}");
            if ((recorded.FirstFailure ?? one.FirstFailure) is { } failure) Say("    first failure: " + failure);
            var cpu = $"CPU per mutation: this process (host and clients) {hostCpu.TotalMilliseconds / recorded.Mutations:F1} ms, PostgreSQL " +
                (pgCpu is { } pg ? $"{pg.TotalMilliseconds / recorded.Mutations:F1} ms" : "n/a") +
                $" (of {Environment.ProcessorCount * recorded.Elapsed.TotalMilliseconds / recorded.Mutations:F1} ms of the machine's cores)";
            Say("    " + cpu);
            if (statements)
            {
                Say("    PostgreSQL's statements in that run (pg_stat_statements), by total time:");
                foreach (var line in await TopStatementsAsync(connection)) Say("      " + line);
            }
            var stored = await ScalarAsync(connection, "select count(*) from emis.lrn_marks where tenant_id = $1 and to_seq is null");
            var sheetsStored = await ScalarAsync(connection, "select count(*) from emis.mt_doc_marksheetview where tenant_id = $1");
            Say($"  stored: {stored:N0} rows in lrn_marks (expected {expectedMarks:N0}), {sheetsStored:N0} mark sheets");
            foreach (var table in new[] { "lrn_marks", "mt_events" }) await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");

            Say("");
            Say("[3/4] baseline: the same marks rows by one binary COPY into a plain table shaped like lrn_marks (same columns and indexes)");
            var copy = await CopyAsync(connection, sheets);
            Say($"  {copy.Rows:N0} rows in {copy.Elapsed.TotalSeconds:F2} s ({copy.Rows / copy.Elapsed.TotalSeconds:F0} rows/s)");

            Say("");
            Say($"[4/4] pass rate by municipality × subject × sex: {HttpLoad.Concurrency} closed-loop clients");
            var (first, last) = await MarkSequencesAsync(connection);
            // Npgsql's 30 s command timeout is the host's limit, not the database's: the baseline waits as long as it takes.
            var dataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connection)
            {
                MaxPoolSize = HttpLoad.Concurrency + 8,
                CommandTimeout = 0,
            }.ConnectionString).Build();
            await using var _ = dataSource;
            var (liveOk, liveWhy, liveMarks) = await FiguresGraphQLAsync(ministry, null, CancellationToken.None);
            var (sqlOk, sqlWhy, sqlMarks) = await FiguresSqlAsync(dataSource, null, CancellationToken.None);
            Say($"  answers: GraphQL {liveMarks:N0} marks ({liveWhy ?? "ok"}), SQL {sqlMarks:N0} marks ({sqlWhy ?? "ok"}), " +
                $"expected {expectedMarks:N0}; " +
                $"marks written at sequences {first:N0}–{last:N0}");
            // An aggregate over every mark takes long enough that 64 of them at once on two cores need more than a few seconds: the
            // warm-up lasts one round of 64 and the window at least three, so that every run has samples started inside it.
            var alone = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await FiguresSqlAsync(dataSource, null, CancellationToken.None);
                alone.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            var round = alone.Order().ElementAt(1) * HttpLoad.Concurrency / Environment.ProcessorCount;
            var warmup = TimeSpan.FromSeconds(Math.Max(Warmup.TotalSeconds, Math.Ceiling(round)));
            var window = TimeSpan.FromSeconds(Math.Max(options.Seconds, Math.Ceiling(3 * round)));
            Say($"  the SQL alone: {alone.Order().ElementAt(1) * 1000:F0} ms (median of 3); each run: {warmup.TotalSeconds:F0} s warm-up + " +
                $"{window.TotalSeconds:F0} s measured");
            async Task<LoadRun> Run(string name, ClosedLoop.Request request)
            {
                var run = await ClosedLoop.RunAsync(name, HttpLoad.Concurrency, warmup, window, options.Seed, request);
                Say($"  {name,-34} {run.Requests,8:N0} req  {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
                if (run.FirstFailure is not null) Say("    first failure: " + run.FirstFailure);
                return run;
            }
            ClosedLoop.Request Check(Func<long?, CancellationToken, Task<(bool, string?, long)>> ask, bool live) => async (random, ct) =>
            {
                long? seq = live ? null : first + (long)(random.NextDouble() * (last - first + 1));
                var (ok, why, marks) = await ask(seq, ct);
                if (!ok) return (false, why);
                return live ? (marks == expectedMarks ? (true, null) : (false, $"{marks} marks, expected {expectedMarks}"))
                    : marks <= expectedMarks ? (true, null) : (false, $"{marks} marks as of {seq}, more than the {expectedMarks} written");
            };
            var runs = new[]
            {
                await Run("markFigures live, GraphQL", Check((s, ct) => FiguresGraphQLAsync(ministry, s, ct), live: true)),
                await Run("the same SQL, live", Check((s, ct) => FiguresSqlAsync(dataSource, s, ct), live: true)),
                await Run("markFigures asOfSequence, GraphQL", Check((s, ct) => FiguresGraphQLAsync(ministry, s, ct), live: false)),
                await Run("the same SQL, as of the sequence", Check((s, ct) => FiguresSqlAsync(dataSource, s, ct), live: false)),
            };

            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, clients and database; load average now {Machine.LoadAverage()}");
            Say($"Data: {schools.Count:N0} schools in {schools.Select(s => s.Municipality).Distinct().Count()} municipalities, {sections.Count:N0} " +
                $"sections, {loaded:N0} learners, {Subjects.Length} subjects: {sheets.Count:N0} sheets, {expectedMarks:N0} final marks");
            Say($"recordMarks over HTTP, {options.Clients} clients   {recorded.Mutations / recorded.Elapsed.TotalSeconds,8:F1} mutations/s  " +
                $"{recorded.Marks / recorded.Elapsed.TotalSeconds,8:F0} marks/s  {recorded.Latency.Format()}  failures {recorded.Failures}");
            Say("  " + cpu);
            Say($"recordMarks over HTTP, 1 client     {one.Mutations / one.Elapsed.TotalSeconds,8:F1} mutations/s  " +
                $"{one.Marks / one.Elapsed.TotalSeconds,8:F0} marks/s  {one.Latency.Format()}");
            Say($"COPY of the same rows (baseline)                           {copy.Rows / copy.Elapsed.TotalSeconds,8:F0} rows/s   " +
                $"recordMarks / COPY: {copy.Rows / copy.Elapsed.TotalSeconds / (recorded.Marks / recorded.Elapsed.TotalSeconds):F0}× slower");
            Say("Pass rate by municipality × subject × sex, 64 clients (GraphQL answers at one sequence are computed once and shared by");
            Say("callers with the same scope; the SQL runs the aggregate for every request):");
            foreach (var run in runs) Say($"  {run.Name,-34} {run.Throughput,8:F0} req/s  {run.Latency.Format()}  failures {run.Failures}");
            Say($"  live:   GraphQL p99 / SQL p99 {Ratio(runs[0].Latency.P99, runs[1].Latency.P99)}, throughput GraphQL / SQL " +
                $"{Ratio(runs[0].Throughput, runs[1].Throughput)}");
            Say($"  as of:  GraphQL p99 / SQL p99 {Ratio(runs[2].Latency.P99, runs[3].Latency.P99)}, throughput GraphQL / SQL " +
                $"{Ratio(runs[2].Throughput, runs[3].Throughput)}");
            Say("==================================================================== end");
            var failed = recorded.Failures + one.Failures + runs.Sum(r => r.Failures) > 0 || stored != expectedMarks || !liveOk || !sqlOk
                || liveMarks != expectedMarks || sqlMarks != expectedMarks;
            return failed ? 1 : 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // ------------------------------------------------------------------ set-up

    /// <summary>Primary schools through the Registry's school import; returns Enrollment's copies once it has learnt them all.</summary>
    private static async Task<List<EnrollmentSchool>> RegisterSchoolsAsync(IServiceProvider services, int count, int seed)
    {
        var watch = Stopwatch.StartNew();
        var generated = ImportData.Schools(count, seed).Select(s => s with { Level = "primary" }).ToList();
        await using (var scope = services.CreateAsyncScope())
        await using (var csv = new MemoryStream(ImportData.RegistryCsv(generated)))
        {
            var report = await scope.ServiceProvider.GetRequiredService<SchoolImporter>().ImportAsync(csv, "bench-schools.csv",
                new CommandContext(Jurisdiction, "bench", Sources.Import, "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
            if (report.Registered != count) throw new InvalidOperationException($"{report.Registered} of {count} schools registered");
        }
        var store = services.GetRequiredService<IDocumentStore>();
        while (true)
        {
            await using var query = store.QuerySession(Jurisdiction);
            var known = await query.Query<EnrollmentSchool>().ToListAsync();
            if (known.Count >= count)
            {
                Say($"  {count:N0} schools registered and known to Enrollment in {watch.Elapsed.TotalSeconds:F1} s");
                return [.. known.OrderBy(s => s.Code, StringComparer.Ordinal)];
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(180)) throw new InvalidOperationException($"Enrollment knows {known.Count} of {count} schools");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The structure (PRIM, the nine-year OS programme, 12 subjects) and one curriculum version, by Curriculum's decisions; then
    /// the sections, school by school: section n is in school n mod S, grade and letter from n div S (1A … 9A, 1B, …).
    /// </summary>
    private static async Task<List<Section>> OpenSectionsAsync(IServiceProvider services, List<EnrollmentSchool> schools, LearningOptions options)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using (var session = Session(store))
        {
            var structureId = EducationStructureView.IdFor(Jurisdiction);
            var structure = SetEducationStructureHandler.Decide(new SetEducationStructure([new("PRIM", "Primary", 1)],
                [new("OS", "Nine-year primary school", "PRIM", 1, Grades, ProgrammeKind.Formal)],
                [.. Subjects.Select(s => new Subject(s.Code, s.Code, null))], 32), structureId, null, null);
            session.Events.StartStream<EducationStructureView>(structureId, structure);
            var view = EducationStructureProjection.Create(new JasperFx.Events.Event<EducationStructureSet>(structure) { StreamId = structureId });
            var bookId = CurriculumBook.IdFor(Jurisdiction);
            var adopt = new AdoptCurriculumVersion(Guid.CreateVersion7(), "OS", [.. Enumerable.Range(1, Grades)], Year,
                [.. Subjects.Select(s => new SubjectHours(s.Code, s.Hours))]);
            session.Events.StartStream<CurriculumBook>(bookId, AdoptCurriculumVersionHandler.Decide(adopt, bookId, view, null));
            await session.SaveChangesAsync();
        }
        var count = (options.Learners + options.ClassSize - 1) / options.ClassSize;
        var sections = new List<Section>(count);
        for (var n = 0; n < count; n++)
        {
            var school = schools[n % schools.Count];
            var k = n / schools.Count;
            var (grade, letter) = (k % Grades + 1, ((char)('A' + k / Grades)).ToString());
            sections.Add(new Section(n, ClassSections.IdOf(school.Id, Year, grade, letter), school, grade, letter, []));
        }
        foreach (var chunk in sections.Chunk(1_000))
        {
            await using var session = Session(store);
            foreach (var s in chunk)
            {
                session.Events.StartStream<SectionView>(s.Id, new SectionOpened(s.Id, s.School.Id, s.School.Code, s.School.Municipality, Year, "OS",
                    s.Grade, s.Letter, "bs", Shift.Morning, SectionOrigin.Opened));
            }
            await session.SaveChangesAsync();
        }
        return sections;
    }

    /// <summary>The 1–5 scale for PRIM (1 failing) and two half-years, through the ministry's own mutations.</summary>
    private static async Task SetScaleAsync(GraphQLClient ministry)
    {
        const string scale = """
            mutation($marks: [MarkDefinitionInput!]!) { setGradingScale(level: "PRIM", kind: NUMERIC, marks: $marks) { errors { code message } } }
            """;
        const string calendar = """
            mutation { setAssessmentCalendar(terms: [{ code: "T1", name: "Prvo polugodište" }, { code: "T2", name: "Drugo polugodište" }],
              makeUpSubjectsAllowed: 2) { errors { code message } } }
            """;
        foreach (var (query, variables, field) in new (string, object?, string)[]
        {
            (scale, new { marks = Scale.Select(m => new { code = m.Code, label = m.Label, value = m.Value, passing = m.Passing }) },
                "setGradingScale"),
            (calendar, null, "setAssessmentCalendar"),
        })
        {
            var (ok, why, body) = await ministry.PostAsync(query, variables, CancellationToken.None);
            using (body)
            {
                if (!ok || body!.RootElement.GetProperty("data").GetProperty(field).GetProperty("errors").GetArrayLength() > 0)
                {
                    throw new InvalidOperationException($"{field} failed: {why ?? body!.RootElement.GetRawText()}");
                }
            }
        }
    }

    /// <summary>
    /// The learners, a class list per section, through the bulk loader (batches of 1,000, one transaction each), two workers on
    /// disjoint schools as the enrollment benchmark loads them.
    /// </summary>
    private static async Task<int> LoadLearnersAsync(IServiceProvider services, List<Section> sections, LearningOptions options)
    {
        var factory = new LearnerFactory(options.Seed);
        List<RegisterLearner>[] byWorker = [[], []];
        var left = options.Learners;
        foreach (var section in sections)
        {
            var school = BenchSchool.From(section.School);
            for (var i = 0; i < options.ClassSize && left > 0; i++, left--)
            {
                var learner = factory.Next(school, section.Grade) with
                {
                    Enrollment = new InitialEnrollment(Year, section.School.Id, section.Grade, section.Letter),
                };
                section.Learners.Add((learner.LearnerId, learner.Sex == Sex.Female ? "FEMALE" : "MALE"));
                byWorker[Math.Abs(section.School.Id.GetHashCode()) % 2].Add(learner);
            }
        }
        var loader = services.GetRequiredService<LearnerBulkLoader>();
        var registered = 0;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(byWorker.Select(learners => Task.Run(async () =>
        {
            foreach (var batch in learners.Chunk(1_000))
            {
                var result = await loader.LoadAsync(batch, new CommandContext(Jurisdiction, "bench", Sources.Seed,
                    "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
                if (result.Refused.Count > 0)
                {
                    var (id, errors) = result.Refused.First();
                    throw new InvalidOperationException($"learner {id} refused: {string.Join("; ", errors.Select(e => e.Message))}");
                }
                var done = Interlocked.Add(ref registered, result.Registered);
                if (done % 20_000 < batch.Length) Say($"    {done,9:N0} learners in {started.Elapsed.TotalSeconds,6:F1} s");
            }
        })));
        return registered;
    }

    /// <summary>
    /// Every section × subject with a mark per learner, deterministic for the seed: a learner's marks scatter around their own
    /// level (most between 2 and 5), and about one mark in twenty fails.
    /// </summary>
    private static List<Sheet> PlanSheets(List<Section> sections, int seed)
    {
        var random = new Random(seed);
        var sheets = new List<Sheet>(sections.Count * Subjects.Length);
        foreach (var section in sections)
        {
            var levels = section.Learners.Select(_ => 2.2 + random.NextDouble() * 2.8).ToArray();
            foreach (var (subject, _) in Subjects)
            {
                sheets.Add(new Sheet(section, subject, [.. levels.Select(level =>
                {
                    var mark = (int)Math.Round(level + (random.NextDouble() - 0.5) * 2.4);
                    return Math.Clamp(mark, 1, 5).ToString(CultureInfo.InvariantCulture);
                })]));
            }
        }
        // Teachers all over the country enter their marks in no order: shuffled, so that concurrent clients rarely share a school.
        return [.. sheets.OrderBy(_ => random.Next())];
    }

    // ------------------------------------------------------------------ recordMarks

    private sealed record Recorded(int Mutations, long Marks, int Failures, TimeSpan Elapsed, LatencySummary Latency, string? FirstFailure);

    private static async Task<Recorded> RecordAsync(List<Sheet> sheets, Dictionary<string, GraphQLClient> clients, int concurrency,
        Action<string>? progress = null)
    {
        var next = -1;
        var failures = 0;
        long marks = 0;
        string? firstFailure = null;
        var recorders = new LatencyRecorder[concurrency];
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var recorder = recorders[worker] = new LatencyRecorder();
            int i;
            while ((i = Interlocked.Increment(ref next)) < sheets.Count)
            {
                var sheet = sheets[i];
                var variables = new
                {
                    section = sheet.Section.Id,
                    subject = sheet.Subject,
                    marks = sheet.Section.Learners.Select((l, n) => new { learnerId = l.Id, mark = sheet.Marks[n] }).ToArray(),
                };
                var t0 = Stopwatch.GetTimestamp();
                string? why;
                try
                {
                    var (ok, error, body) = await clients[sheet.Section.School.Code].PostAsync(Record, variables, CancellationToken.None);
                    using (body)
                    {
                        var errors = body?.RootElement.GetProperty("data").GetProperty("recordMarks").GetProperty("errors");
                        why = !ok ? error : errors!.Value.GetArrayLength() > 0 ? errors.Value.GetRawText() : null;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
                {
                    why = e.GetType().Name + ": " + e.Message;
                }
                recorder.Add(Stopwatch.GetTimestamp() - t0);
                if (why is null)
                {
                    Interlocked.Add(ref marks, sheet.Marks.Length);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, why, null);
                }
                if (progress is not null && (i + 1) % 10_000 == 0)
                {
                    progress($"    {i + 1,9:N0} mutations in {started.Elapsed.TotalSeconds,6:F1} s ({(i + 1) / started.Elapsed.TotalSeconds:F0}/s)");
                }
            }
        })));
        var elapsed = started.Elapsed;
        return new Recorded(sheets.Count - failures, marks, failures, elapsed, LatencyRecorder.Merge(recorders).Summarise(), firstFailure);
    }

    /// <summary>The two contracts recordMarks calls, timed alone, one call after another, on the sample's sections.</summary>
    private static async Task<(LatencySummary Section, LatencySummary Roster)> ContractsAsync(IServiceProvider services, List<Sheet> sample)
    {
        var catalogue = services.GetRequiredService<ISectionCatalogue>();
        var outcomes = services.GetRequiredService<IYearEndOutcomes>();
        var (section, roster) = (new LatencyRecorder(), new LatencyRecorder());
        foreach (var sheet in sample)
        {
            var t0 = Stopwatch.GetTimestamp();
            var found = await catalogue.SectionAsync(Jurisdiction, sheet.Section.Id, CancellationToken.None)
                ?? throw new InvalidOperationException($"section {sheet.Section.Id} not found");
            var t1 = Stopwatch.GetTimestamp();
            var learners = await outcomes.RosterAsync(Jurisdiction, found.SchoolId, found.SchoolYear, found.Grade, found.Letter,
                CancellationToken.None);
            var t2 = Stopwatch.GetTimestamp();
            if (learners.Count != sheet.Section.Learners.Count)
            {
                throw new InvalidOperationException($"roster of {learners.Count} in {found.SectionId}");
            }
            section.Add(t1 - t0);
            roster.Add(t2 - t1);
        }
        return (section.Summarise(), roster.Summarise());
    }

    // ------------------------------------------------------------------ baseline

    /// <summary>The same rows recordMarks made, by one binary COPY into a table with lrn_marks's columns, defaults and indexes.</summary>
    private static async Task<(long Rows, TimeSpan Elapsed)> CopyAsync(string connection, List<Sheet> sheets)
    {
        await BenchDatabase.ExecuteAsync(connection, "create table emis.bench_lrn_marks (like emis.lrn_marks including all)");
        var values = Scale.ToDictionary(m => m.Code);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var watch = Stopwatch.StartNew();
        long rows = 0;
        await using (var copy = await db.BeginBinaryImportAsync("""
            copy emis.bench_lrn_marks (tenant_id, sheet_id, learner_id, term, section_id, school_id, school_code, municipality, school_year, grade,
              letter, level, subject, sex, mark, value, passing, from_seq) from stdin (format binary)
            """))
        {
            foreach (var sheet in sheets)
            {
                var s = sheet.Section;
                var sheetId = MarkSheetView.IdFor(s.Id, sheet.Subject);
                for (var n = 0; n < s.Learners.Count; n++)
                {
                    var mark = values[sheet.Marks[n]];
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Jurisdiction, NpgsqlDbType.Text);
                    await copy.WriteAsync(sheetId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.Learners[n].Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync("FINAL", NpgsqlDbType.Text);
                    await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.School.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.School.Code, NpgsqlDbType.Text);
                    await copy.WriteAsync(s.School.Municipality, NpgsqlDbType.Text);
                    await copy.WriteAsync(Year, NpgsqlDbType.Text);
                    await copy.WriteAsync(s.Grade, NpgsqlDbType.Integer);
                    await copy.WriteAsync(s.Letter, NpgsqlDbType.Text);
                    await copy.WriteAsync("PRIM", NpgsqlDbType.Text);
                    await copy.WriteAsync(sheet.Subject, NpgsqlDbType.Text);
                    await copy.WriteAsync(s.Learners[n].Sex, NpgsqlDbType.Text);
                    await copy.WriteAsync(mark.Code, NpgsqlDbType.Text);
                    await copy.WriteAsync(mark.Value, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(mark.Passing, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(++rows, NpgsqlDbType.Bigint);
                }
            }
            await copy.CompleteAsync();
        }
        var elapsed = watch.Elapsed;
        await BenchDatabase.ExecuteAsync(connection, "drop table emis.bench_lrn_marks");
        return (rows, elapsed);
    }

    // ------------------------------------------------------------------ figures

    private static async Task<(long First, long Last)> MarkSequencesAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select min(from_seq), max(from_seq) from emis.lrn_marks where tenant_id = $1", db);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>markFigures over GraphQL: the marks in its rows, added up, and whether every pass rate came with its numerator.</summary>
    private static async Task<(bool, string?, long)> FiguresGraphQLAsync(GraphQLClient client, long? sequence, CancellationToken ct)
    {
        var (ok, why, body) = await client.PostAsync(Figures, new { seq = sequence }, ct);
        using (body)
        {
            if (!ok) return (false, why, 0);
            var rows = body!.RootElement.GetProperty("data").GetProperty("markFigures").GetProperty("rows");
            long marks = 0;
            foreach (var row in rows.EnumerateArray())
            {
                marks += row.GetProperty("marks").GetInt64();
                if (row.GetProperty("passRate").GetProperty("denominator").ValueKind == JsonValueKind.Null)
                {
                    return (false, "a pass rate without denominator", 0);
                }
            }
            return (true, null, marks);
        }
    }

    /// <summary>The same figure as SQL: the live sequence first (as the live question resolves it), then the aggregate at it.</summary>
    private static async Task<(bool, string?, long)> FiguresSqlAsync(NpgsqlDataSource dataSource, long? sequence, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        if (sequence is null)
        {
            await using var head = new NpgsqlCommand("select coalesce(max(seq_id), 0) from emis.mt_events where tenant_id = $1", db);
            head.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            sequence = (long)(await head.ExecuteScalarAsync(ct))!;
        }
        await using var command = new NpgsqlCommand(FiguresSql, db);
        foreach (var value in new object[] { Jurisdiction, Year, "FINAL", sequence.Value })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        long marks = 0;
        while (await reader.ReadAsync(ct))
        {
            _ = reader.GetString(0);
            _ = reader.GetString(1);
            _ = reader.GetString(2);
            marks += reader.GetInt64(3);
            _ = reader.GetDecimal(5);
            _ = reader.GetInt64(6);
        }
        return (true, null, marks);
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// Whether the cluster keeps statement statistics (PostgreSQL started with <c>shared_preload_libraries=pg_stat_statements</c>,
    /// for example through EMIS_PG_OPTIONS): then they are reset, to show what the next phase ran.
    /// </summary>
    private static async Task<bool> StatementsAsync(string connection, bool reset)
    {
        try
        {
            await BenchDatabase.ExecuteAsync(connection, "create extension if not exists pg_stat_statements");
            if (reset) await BenchDatabase.ExecuteAsync(connection, "select pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    private static async Task<string> DataDirectoryAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("show data_directory", db);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> TopStatementsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select calls, total_exec_time, mean_exec_time, regexp_replace(query, '\s+', ' ', 'g') from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 10
            """, db);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var text = reader.GetString(3);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{reader.GetInt64(0),8:N0} calls {reader.GetDouble(1) / 1000,8:F1} s total {reader.GetDouble(2),7:F2} ms mean  " +
                $"{(text.Length > 90 ? text[..90] + "…" : text)}"));
        }
        return lines;
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static IDocumentSession Session(IDocumentStore store)
    {
        var session = store.LightweightSession(Jurisdiction);
        session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "bench");
        session.SetHeader(EventHeaders.Source, Sources.Seed);
        return session;
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F1", CultureInfo.InvariantCulture) + "×" : "n/a";

    private static void Say(string line) => Console.WriteLine(line);
}
