using System.Globalization;
using System.Text.Json.Nodes;

namespace Emis.Staffing.Tests;

/// <summary>
/// Random sequences of staff operations; after each, the figures equal a brute-force count of what the test did, and the
/// figures as of every earlier answer's sequence number are still that answer.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StaffFiguresPropertyTests(EmisHostFixture host)
{
    private const string Query = """
        query($groupBy: [StaffDimension!]!, $asOfSequence: Long) {
          staffStatistics(schoolYear: "2025/2026", groupBy: $groupBy, asOfSequence: $asOfSequence) {
            sequence rows { schoolCode level headcount fte teachers teachersFte trained qualified } }
        }
        """;

    private sealed record Standard(string Level, int MinimumQualification, bool CertificationRequired, decimal? MinimumInServiceHours);

    private sealed class Post(string contractId, string school, string level, string role, decimal fte)
    {
        public string ContractId { get; set; } = contractId;
        public string School { get; set; } = school;
        public string Level { get; } = level;
        public string Role { get; } = role;
        public decimal Fte { get; } = fte;
    }

    private sealed class Member(string id)
    {
        public string Id { get; } = id;
        public int Highest { get; set; }
        public bool Certified { get; set; }
        public bool PreService { get; set; }
        public decimal InService { get; set; }
        public List<Post> Posts { get; } = [];
    }

    private static readonly Standard[][] StandardSets =
    [
        [new("ISCED1", 6, false, 100m), new("ISCED2", 6, true, null)],
        [new("ISCED1", 7, true, 50m)],
    ];

    private static object[] Input(Standard[] set) => [.. set.Select(s => new
    {
        level = s.Level,
        firstGrade = s.Level == "ISCED1" ? 1 : 6,
        lastGrade = s.Level == "ISCED1" ? 5 : 9,
        minimumQualification = s.MinimumQualification,
        certificationRequired = s.CertificationRequired,
        minimumInServiceHours = s.MinimumInServiceHours,
    })];

    private static string Num(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The figures by school and level, counted from the test's own record of what it did.</summary>
    private static List<string> Expected(List<Member> staff, Standard[] standards, Dictionary<string, string> codes) =>
    [
        .. staff.SelectMany(m => m.Posts.Select(p => (Member: m, Post: p)))
            .GroupBy(x => (Code: codes[x.Post.School], x.Post.Level))
            .OrderBy(g => $"{g.Key.Code}|{g.Key.Level}", StringComparer.Ordinal)
            .Select(g =>
            {
                var teachers = g.Where(x => x.Post.Role == "TEACHER").ToList();
                var standard = standards.FirstOrDefault(s => s.Level == g.Key.Level);
                var trained = standard is null ? 0 : teachers.Where(x => x.Member.PreService
                    || (standard.MinimumInServiceHours is { } h && x.Member.InService >= h)).Select(x => x.Member.Id).Distinct().Count();
                var qualified = standard is null ? 0 : teachers.Where(x => x.Member.Highest >= standard.MinimumQualification
                    && (!standard.CertificationRequired || x.Member.Certified)).Select(x => x.Member.Id).Distinct().Count();
                return $"{g.Key.Code},{g.Key.Level}:{g.Select(x => x.Member.Id).Distinct().Count()} {Num(g.Sum(x => x.Post.Fte))} " +
                    $"{teachers.Select(x => x.Member.Id).Distinct().Count()} {Num(teachers.Sum(x => x.Post.Fte))} {trained} {qualified}";
            }),
    ];

    private static List<string> Actual(JsonObject figures) =>
    [
        .. figures["rows"]!.AsArray().Where(r => r!["headcount"]!.GetValue<int>() > 0).Select(r =>
            $"{r!["schoolCode"]},{r["level"]}:{r["headcount"]} {Num(r["fte"]!.GetValue<decimal>())} {r["teachers"]} " +
            $"{Num(r["teachersFte"]!.GetValue<decimal>())} {r["trained"]} {r["qualified"]}"),
    ];

    [Fact]
    public async Task after_every_random_operation_the_figures_equal_a_brute_force_count_and_earlier_answers_stand()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var j = new Jurisdiction();
        var schools = new[] { await host.SchoolAsync(j, "P-1", "Prizren"), await host.SchoolAsync(j, "G-1", "Gjakova") };
        var codes = new Dictionary<string, string> { [schools[0]] = "P-1", [schools[1]] = "G-1" };
        var staff = new List<Member>();
        Standard[] standards = [];
        var answers = new List<(long Sequence, string Json)>();
        var contracts = new HashSet<string>();
        string[] groupBy = ["SCHOOL", "LEVEL"];

        for (var step = 0; step < 25; step++)
        {
            var current = staff.SelectMany(m => m.Posts.Select(p => (Member: m, Post: p))).ToList();
            var op = staff.Count == 0 ? 0 : random.Next(7);
            var done = $"seed {seed}, step {step}, op {op}";
            switch (op)
            {
                case 0:
                {
                    var school = schools[random.Next(2)];
                    var level = random.Next(2) == 0 ? "ISCED1" : "ISCED2";
                    var role = random.Next(4) == 0 ? "DIRECTOR" : "TEACHER";
                    var fte = random.Next(2) == 0 ? 0.5m : 1m;
                    var created = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(school, role, level, fte: fte)));
                    var member = new Member(created.Id());
                    member.Posts.Add(new Post(created["contracts"]![0]!.Id(), school, level, role, fte));
                    contracts.Add(created["contracts"]![0]!.Id());
                    staff.Add(member);
                    break;
                }
                case 1 when current.Count > 0:
                {
                    var (member, post) = current[random.Next(current.Count)];
                    LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.EndContract, new
                    {
                        input = new { staffId = member.Id, contractId = post.ContractId, endedOn = "2026-01-10", reason = "RESIGNATION" },
                    }, "endContract"));
                    member.Posts.Remove(post);
                    break;
                }
                case 2 when current.Count > 0:
                {
                    var (member, post) = current[random.Next(current.Count)];
                    var to = schools.First(s => s != post.School);
                    if (member.Posts.Any(p => p.School == to)) break;
                    var payload = await host.MutateAsync(j.Admin, StaffRequests.Transfer, new
                    {
                        input = new { staffId = member.Id, contractId = post.ContractId, toSchoolId = to, transferredOn = "2026-01-10" },
                    }, "transferStaffMember");
                    LearnerRequests.Ok(payload);
                    post.ContractId = payload["staffMember"]!["contracts"]!.AsArray().Select(c => c!.Id()).Single(id => !contracts.Contains(id));
                    contracts.Add(post.ContractId);
                    post.School = to;
                    break;
                }
                case 3:
                {
                    var member = staff[random.Next(staff.Count)];
                    var level = random.Next(5, 9);
                    LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Qualification, new
                    {
                        input = new { staffId = member.Id, iscedLevel = level, field = "Education", institution = "University", year = 2010 },
                    }, "recordQualification"));
                    member.Highest = Math.Max(member.Highest, level);
                    break;
                }
                case 4:
                {
                    var member = staff[random.Next(staff.Count)];
                    LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Certification, new
                    {
                        input = new { staffId = member.Id, name = "Licence", issuer = "Ministry", issuedOn = "2012-01-01" },
                    }, "recordCertification"));
                    member.Certified = true;
                    break;
                }
                case 5:
                {
                    var member = staff[random.Next(staff.Count)];
                    var pre = random.Next(3) == 0;
                    LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Training, new
                    {
                        input = new
                        {
                            staffId = member.Id,
                            kind = pre ? "PRE_SERVICE" : "IN_SERVICE",
                            course = "Course " + step,
                            provider = "Provider",
                            hours = 40m,
                            completedOn = "2015-06-30",
                        },
                    }, "recordTraining"));
                    if (pre) member.PreService = true;
                    else member.InService += 40m;
                    break;
                }
                case 6:
                {
                    var next = StandardSets[random.Next(StandardSets.Length)];
                    if (next == standards) break;
                    LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Standards, new { levels = Input(next) }, "setTeacherStandards"));
                    standards = next;
                    break;
                }
            }

            var figures = (await host.DataAsync(j.Admin, Query, new { groupBy }))["staffStatistics"]!.AsObject();
            Assert.True(Expected(staff, standards, codes).SequenceEqual(Actual(figures)),
                $"{done}: expected {string.Join("; ", Expected(staff, standards, codes))} got {string.Join("; ", Actual(figures))}");
            answers.Add((figures["sequence"]!.GetValue<long>(), figures.ToJsonString()));
        }

        // Every earlier answer, asked again by its sequence number, is the same answer.
        foreach (var (sequence, json) in answers)
        {
            var again = (await host.DataAsync(j.Admin, Query, new { groupBy, asOfSequence = sequence }))["staffStatistics"]!.AsObject();
            Assert.Equal(json, again.ToJsonString());
        }
    }
}
