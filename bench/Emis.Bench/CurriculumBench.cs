using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Emis.Curriculum.Curricula;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.AssignTeaching;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Bench;

internal sealed record CurriculumOptions(int Schools, int Sections, int Teachers, int Runs, int Seed)
{
    public const string Usage = "usage: ./emis bench curriculum [--schools S] [--sections N] [--teachers T] [--runs R] [--seed X]";

    public static bool TryParse(string[] args, out CurriculumOptions options, out string? problem)
    {
        options = new CurriculumOptions(1_000, 12_000, 29_000, 10, 20261);
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
                case "--schools": options = options with { Schools = value }; break;
                case "--sections": options = options with { Sections = value }; break;
                case "--teachers": options = options with { Teachers = value }; break;
                case "--runs": options = options with { Runs = value }; break;
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
/// The teaching-hours gap at national scale (issue 14): a fresh database, the real host, a jurisdiction of S schools, N class
/// sections following a nine-year curriculum, and T teachers with contracts and subject assignments made by Staffing's own
/// decisions; then `teachingHoursGap` by municipality × subject asked over GraphQL, one request at a time, against one SQL
/// statement computing the same figure from the same stored documents. Both answers are checked to agree.
/// </summary>
internal static class CurriculumBench
{
    private const string Jurisdiction = "national";
    private const string Year = "2025/2026";

    private const string Query = """
        query { teachingHoursGap(schoolYear: "2025/2026", groupBy: [MUNICIPALITY, SUBJECT]) {
          rows { municipality subject sections hoursRequired hoursAssigned hoursMissing offeringsWithoutTeacher }
          sectionsWithoutCurriculum } }
        """;

    private static readonly (string Code, decimal Hours)[] Subjects =
        [
            ("BOS", 5), ("MAT", 4), ("ENG", 2), ("NJE", 2), ("HIS", 2), ("GEO", 2), ("BIO", 2), ("FIZ", 2), ("INF", 1), ("MUZ", 1), ("LIK", 1),
            ("TZO", 3),
        ];

    public static async Task<int> RunAsync(string server, CurriculumOptions options)
    {
        Say($"Emis curriculum benchmark — {options.Schools:N0} schools, {options.Sections:N0} sections, {options.Teachers:N0} teachers, " +
            $"{options.Runs} runs, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, CurriculumOptions options)
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
            Say("");
            Say("[1/2] load (Curriculum's and Staffing's own decisions, inline projections)");
            var watch = Stopwatch.StartNew();
            var schools = await LoadCurriculumAsync(app.Services, options);
            Say($"  structure, curriculum and {options.Sections:N0} sections in {watch.Elapsed.TotalSeconds:F1} s");
            watch.Restart();
            var assignments = await LoadTeachersAsync(app.Services, schools, options);
            Say($"  {options.Teachers:N0} teachers with {assignments:N0} assignments in {watch.Elapsed.TotalSeconds:F1} s");
            foreach (var table in new[] { "mt_doc_sectionview", "mt_doc_staffprofile", "mt_events" })
            {
                await BenchDatabase.ExecuteAsync(connection, $"vacuum analyze emis.{table}");
            }

            Say("");
            Say($"[2/2] the hours gap by municipality × subject, {options.Runs} requests one after another, each way");
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            var client = new GraphQLClient(http, token);
            var graphqlTimes = new List<double>();
            (decimal Required, decimal Assigned, decimal Missing, int Rows) graphqlTotals = default;
            for (var run = 0; run <= options.Runs; run++)
            {
                var started = Stopwatch.StartNew();
                var (ok, why, body) = await client.PostAsync(Query, null, CancellationToken.None);
                if (!ok) throw new InvalidOperationException("the hours gap query failed: " + why);
                if (run > 0) graphqlTimes.Add(started.Elapsed.TotalMilliseconds);
                var rows = body!.RootElement.GetProperty("data").GetProperty("teachingHoursGap").GetProperty("rows");
                graphqlTotals = (rows.EnumerateArray().Sum(r => r.GetProperty("hoursRequired").GetDecimal()),
                    rows.EnumerateArray().Sum(r => r.GetProperty("hoursAssigned").GetDecimal()),
                    rows.EnumerateArray().Sum(r => r.GetProperty("hoursMissing").GetDecimal()), rows.GetArrayLength());
                body.Dispose();
            }
            var sqlTimes = new List<double>();
            (decimal Required, decimal Assigned, decimal Missing, int Rows) sqlTotals = default;
            await using (var dataSource = NpgsqlDataSource.Create(connection))
            {
                for (var run = 0; run <= options.Runs; run++)
                {
                    var started = Stopwatch.StartNew();
                    sqlTotals = await SameSqlAsync(dataSource);
                    if (run > 0) sqlTimes.Add(started.Elapsed.TotalMilliseconds);
                }
            }
            var agree = graphqlTotals == sqlTotals;
            Say($"  GraphQL: {graphqlTotals.Rows} rows, {graphqlTotals.Required:N0} hours required, {graphqlTotals.Assigned:N0} assigned, " +
                $"{graphqlTotals.Missing:N0} missing");
            Say($"  SQL:     {sqlTotals.Rows} rows, {sqlTotals.Required:N0} hours required, {sqlTotals.Assigned:N0} assigned, " +
                $"{sqlTotals.Missing:N0} missing  ({(agree ? "the same answer" : "DIFFERENT ANSWERS")})");

            Say("");
            Say("==================================================================== summary");
            Say($"Machine: {Environment.ProcessorCount} cores shared by host, client and database; load average now {Machine.LoadAverage()}");
            Say($"Data: {options.Schools:N0} schools, {options.Sections:N0} sections, {options.Teachers:N0} teachers, {assignments:N0} assignments");
            Say($"  teachingHoursGap over GraphQL  median {Median(graphqlTimes):F0} ms  max {graphqlTimes.Max():F0} ms");
            Say($"  the same figure in one SQL     median {Median(sqlTimes):F0} ms  max {sqlTimes.Max():F0} ms");
            Say($"  GraphQL / SQL (median): {Median(graphqlTimes) / Median(sqlTimes):F1}×");
            Say("==================================================================== end");
            return agree ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The structure, one curriculum version for grades 1–9, and the sections: grades 1–9, letters A, B, … in each school.</summary>
    private static async Task<List<StaffingSchool>> LoadCurriculumAsync(IServiceProvider services, CurriculumOptions options)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var schools = Enumerable.Range(1, options.Schools).Select(i => new StaffingSchool
        {
            Id = Guid.CreateVersion7(),
            Code = string.Create(CultureInfo.InvariantCulture, $"S{i:D4}"),
            Name = $"School {i}",
            Municipality = string.Create(CultureInfo.InvariantCulture, $"Municipality {i % 40 + 1:D2}"),
            Level = "primary",
            Status = "open",
        }).ToList();
        await using (var session = Session(store))
        {
            var structureId = EducationStructureView.IdFor(Jurisdiction);
            var structure = SetEducationStructureHandler.Decide(new SetEducationStructure([new("PRIM", "Primary", 1)],
                [new("OS", "Nine-year primary school", "PRIM", 1, 9, ProgrammeKind.Formal)],
                [.. Subjects.Select(s => new Subject(s.Code, s.Code, null))], 32), structureId, null, null);
            session.Events.StartStream<EducationStructureView>(structureId, structure);
            var view = EducationStructureProjection.Create(new JasperFx.Events.Event<EducationStructureSet>(structure) { StreamId = structureId });
            var bookId = CurriculumBook.IdFor(Jurisdiction);
            var adopt = new AdoptCurriculumVersion(Guid.CreateVersion7(), "OS", [1, 2, 3, 4, 5, 6, 7, 8, 9], Year,
                [.. Subjects.Select(s => new SubjectHours(s.Code, s.Hours))]);
            session.Events.StartStream<CurriculumBook>(bookId, AdoptCurriculumVersionHandler.Decide(adopt, bookId, view, null));
            await session.SaveChangesAsync();
        }
        for (var start = 0; start < options.Sections; start += 1_000)
        {
            await using var session = Session(store);
            for (var n = start; n < Math.Min(options.Sections, start + 1_000); n++)
            {
                var school = schools[n % schools.Count];
                var (grade, letter) = GradeAndLetter(n / schools.Count);
                var id = ClassSections.IdOf(school.Id, Year, grade, letter);
                session.Events.StartStream<SectionView>(id, new SectionOpened(id, school.Id, school.Code, school.Municipality, Year, "OS", grade,
                    letter, "bs", Shift.Morning, SectionOrigin.Opened));
            }
            await session.SaveChangesAsync();
        }
        return schools;
    }

    /// <summary>
    /// Teachers school by school (one transaction per 500): a contract at the school and one subject taught to up to four of
    /// its sections, four hours or the subject's own hours — so that some offerings stay without a teacher.
    /// </summary>
    private static async Task<int> LoadTeachersAsync(IServiceProvider services, List<StaffingSchool> schools, CurriculumOptions options)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var random = new Random(options.Seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sectionsPerSchool = (int)Math.Ceiling(options.Sections / (double)schools.Count);
        var loaded = 0;
        var assignments = 0;
        while (loaded < options.Teachers)
        {
            await using var session = Session(store);
            for (var i = 0; i < 500 && loaded < options.Teachers; i++, loaded++)
            {
                var index = loaded % schools.Count;
                var school = schools[index];
                var id = Guid.CreateVersion7();
                var registered = RegisterStaffMemberHandler.Decide(new RegisterStaffMember(id, "Azra", null, "Babić", new DateOnly(1980, 5, 5),
                    StaffSex.Female, ["bs"], StaffContacts.None, null), today);
                var staff = StaffMember.Create(registered);
                var started = StartContractHandler.Decide(id, new NewContract(Guid.CreateVersion7(), school.Id, StaffRole.Teacher,
                    EducationLevel.Isced1, ContractType.Permanent, 1m, new DateOnly(2020, 9, 1), null, null), staff, school, "contract");
                staff = staff.Apply(started);
                var events = new List<object> { registered, started };
                var subject = Subjects[random.Next(Subjects.Length)];
                var sections = Enumerable.Range(0, sectionsPerSchool).Where(s => index + s * schools.Count < options.Sections)
                    .OrderBy(_ => random.Next()).Take(4).ToList();
                foreach (var s in sections)
                {
                    var (grade, letter) = GradeAndLetter(s);
                    var assigned = AssignTeachingHandler.Decide(new AssignTeaching(id, Guid.CreateVersion7(), school.Id, Year, grade, letter,
                        subject.Code, subject.Hours), staff, null);
                    // Two teachers may draw the same subject and section: the second's assignment is simply another teacher on it.
                    events.Add(assigned);
                    staff = staff.Apply(assigned);
                    assignments++;
                }
                session.Events.StartStream<StaffMember>(id, [.. events]);
            }
            await session.SaveChangesAsync();
        }
        return assignments;
    }

    private static (int Grade, string Letter) GradeAndLetter(int n) => (n % 9 + 1, ((char)('A' + n / 9)).ToString());

    /// <summary>
    /// The same figure in one statement over the same documents: each open section's curriculum version in force, its
    /// subjects, the current assignments naming the section and the subject, summed per municipality and subject.
    /// </summary>
    private static async Task<(decimal, decimal, decimal, int)> SameSqlAsync(NpgsqlDataSource dataSource)
    {
        const string sql = """
            with sections as (
              select (data->>'Id')::uuid as id, (data->>'SchoolId')::uuid as school_id, data->>'Municipality' as municipality,
                     data->>'Programme' as programme, (data->>'Grade')::int as grade, data->>'Letter' as letter
              from emis.mt_doc_sectionview where tenant_id = $1 and school_year = $2 and not (data->>'Closed')::boolean),
            versions as (
              select v from emis.mt_doc_curriculumbook b cross join lateral jsonb_array_elements(b.data->'Versions') v where b.tenant_id = $1),
            in_force as (
              select distinct on (s.id) s.*, v.v as version from sections s
              join versions v on v.v->>'Programme' = s.programme and v.v->'Grades' @> to_jsonb(s.grade) and v.v->>'FromSchoolYear' <= $2
              order by s.id, v.v->>'FromSchoolYear' desc, v.v->>'AdoptedAt' desc),
            offerings as (
              select f.id, f.school_id, f.municipality, f.grade, f.letter, o->>'Subject' as subject, (o->>'WeeklyHours')::numeric as required
              from in_force f cross join lateral jsonb_array_elements(f.version->'Subjects') o),
            assignments as (
              select (a->>'SchoolId')::uuid as school_id, (a->>'Grade')::int as grade, upper(trim(a->>'Section')) as letter,
                     upper(trim(a->>'Subject')) as subject, (a->>'WeeklyHours')::numeric as hours
              from emis.mt_doc_staffprofile p cross join lateral jsonb_array_elements(p.data->'Assignments') a
              where p.tenant_id = $1 and (a->>'Current')::boolean and a->>'SchoolYear' = $2),
            taught as (
              select o.id, o.municipality, o.subject, o.required, coalesce(sum(a.hours), 0) as assigned
              from offerings o left join assignments a
                on a.school_id = o.school_id and a.grade = o.grade and a.letter = o.letter and a.subject = o.subject
              group by o.id, o.municipality, o.subject, o.required)
            select municipality, subject, count(distinct id), sum(required), sum(assigned), sum(greatest(required - assigned, 0)),
                   count(*) filter (where assigned = 0)
            from taught group by municipality, subject order by municipality, subject
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = Year });
        await using var reader = await command.ExecuteReaderAsync();
        decimal required = 0, assigned = 0, missing = 0;
        var rows = 0;
        while (await reader.ReadAsync())
        {
            required += reader.GetDecimal(3);
            assigned += reader.GetDecimal(4);
            missing += reader.GetDecimal(5);
            rows++;
        }
        return (required, assigned, missing, rows);
    }

    private static IDocumentSession Session(IDocumentStore store)
    {
        var session = store.LightweightSession(Jurisdiction);
        session.SetHeader(EventHeaders.Jurisdiction, Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "bench");
        session.SetHeader(EventHeaders.Source, Sources.Seed);
        return session;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Say(string line) => Console.WriteLine(line);
}
