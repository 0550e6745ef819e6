using Emis.Staffing.Schools;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.AssignTeaching;
using Emis.Staffing.Staff.RecordQualifications;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using Emis.Staffing.Standards;
using Marten;

namespace Emis.Host;

/// <summary>
/// Fictitious staff for the demo jurisdiction, so that `./emis up` shows staff, pupil–teacher ratios and the share of trained
/// and qualified teachers at once: per school a director, a pedagogue and about one teacher per twelve learners, with
/// qualifications, training and certifications of a realistic mix, and every class section of the demo learners assigned to a
/// teacher (its homeroom teacher). The events come from Staffing's own decisions (the same rules as the mutations), appended
/// one school per transaction; every name is made up.
/// </summary>
internal static partial class DemoStaff
{
    private static readonly string[] Female = ["Azra", "Mersiha", "Jasmina", "Senada", "Vesna", "Marija", "Alma", "Edina", "Lejla", "Sanela"];
    private static readonly string[] Male = ["Senad", "Nermin", "Zlatan", "Dragan", "Mirza", "Edin", "Damir", "Jasmin", "Suad", "Goran"];
    private static readonly string[] Last =
        ["Hadžiahmetović", "Kurtović", "Mehmedović", "Babić", "Jukić", "Ramić", "Čehić", "Šabić", "Đogić", "Žerić"];
    private static readonly string[] Subjects = ["Mathematics", "Bosnian language", "English", "Natural sciences", "History", "Physics"];

    /// <summary>The demo canton's standards: a bachelor's degree (ISCED 6) to be qualified at ISCED 1–2, a master's at ISCED 3.</summary>
    public static readonly LevelStandard[] Standards =
    [
        new(EducationLevel.Isced1, 1, 5, 6, false, 100m),
        new(EducationLevel.Isced2, 6, 9, 6, true, 100m),
        new(EducationLevel.Isced3, 10, 13, 7, true, 100m),
    ];

    public static async Task LoadAsync(IServiceProvider services, IReadOnlyList<(Guid SchoolId, int Grade, string Section, int Learners)> classes,
        ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var random = new Random(2026);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var staffCount = 0;
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            var id = TeacherStandardsView.IdFor(jurisdiction);
            session.Events.StartStream<TeacherStandardsView>(id, SetTeacherStandardsHandler.Decide(new SetTeacherStandards(Standards), id, null));
            await session.SaveChangesAsync(ct);
        }

        Dictionary<Guid, StaffingSchool> schools;
        await using (var query = store.QuerySession(jurisdiction))
        {
            schools = (await query.Query<StaffingSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
        }
        foreach (var school in classes.GroupBy(c => c.SchoolId).OrderBy(g => g.Key))
        {
            if (!schools.TryGetValue(school.Key, out var where)) continue;
            await using var session = DemoSession.Open(store, jurisdiction);
            var sections = school.OrderBy(c => c.Grade).ThenBy(c => c.Section, StringComparer.Ordinal).ToList();
            var teachers = Math.Max(2, (int)Math.Ceiling(sections.Sum(c => c.Learners) / 12.0));
            var headLevel = LevelOf(sections[0].Grade);
            Person(session, random, where, StaffRole.Director, headLevel, today);
            Person(session, random, where, StaffRole.Pedagogue, headLevel, today);
            staffCount += 2;
            for (var t = 0; t < teachers; t++)
            {
                var mine = sections.Where((_, i) => i % teachers == t).ToList();
                var level = mine.Count > 0 ? LevelOf(mine[0].Grade) : headLevel;
                var (staff, streamEvents) = Person(session, random, where, StaffRole.Teacher, level, today);
                foreach (var section in mine)
                {
                    // A class teacher of grades 1–5 teaches the class-teaching subjects; a subject teacher one subject, 4 hours.
                    (string Subject, decimal Hours)[] subjects = section.Grade <= 5
                        ? DemoCurriculum.ClassTeaching
                        : [(Subjects[random.Next(Subjects.Length)], 4m)];
                    for (var s = 0; s < subjects.Length; s++)
                    {
                        var assigned = AssignTeachingHandler.Decide(new AssignTeaching(staff.Id, Guid.CreateVersion7(), where.Id,
                            DemoLearners.SchoolYear, section.Grade, section.Section, subjects[s].Subject, subjects[s].Hours, Homeroom: s == 0), staff,
                            null);
                        streamEvents.Add(assigned);
                        staff = staff.Apply(assigned);
                    }
                }
                session.Events.Append(staff.Id, [.. streamEvents.Skip(2)]);
                staffCount++;
            }
            await session.SaveChangesAsync(ct);
        }
        LogLoaded(logger, staffCount, classes.Select(c => c.SchoolId).Distinct().Count());
    }

    private static EducationLevel LevelOf(int grade) =>
        Standards.FirstOrDefault(s => grade >= s.FirstGrade && grade <= s.LastGrade)?.Level ?? EducationLevel.Isced1;

    /// <summary>Registers one person with a contract, qualifications and training; returns them and the events not yet appended
    /// after the first two (registration and contract, which start the stream).</summary>
    private static (StaffMember Staff, List<object> Events) Person(IDocumentSession session, Random random, StaffingSchool school, StaffRole role,
        EducationLevel level, DateOnly today)
    {
        var female = random.Next(100) < 70;
        var birth = new DateOnly(random.Next(1962, 1999), random.Next(1, 13), random.Next(1, 29));
        var id = Guid.CreateVersion7();
        var first = female ? Female[random.Next(Female.Length)] : Male[random.Next(Male.Length)];
        var last = Last[random.Next(Last.Length)];
        var registered = RegisterStaffMemberHandler.Decide(new RegisterStaffMember(id, first, Male[random.Next(Male.Length)], last, birth,
            female ? StaffSex.Female : StaffSex.Male, ["bs"], StaffContacts.None, null), today);
        var staff = StaffMember.Create(registered);
        var type = random.Next(10) switch { < 7 => ContractType.Permanent, < 9 => ContractType.FixedTerm, _ => ContractType.Substitute };
        var starts = new DateOnly(Math.Max(birth.Year + 24, 2000) + random.Next(0, 5), 9, 1);
        if (starts > today) starts = new DateOnly(2025, 9, 1);
        var contract = new NewContract(Guid.CreateVersion7(), school.Id, role, level, type, random.Next(10) == 0 ? 0.5m : 1m, starts,
            type == ContractType.Permanent ? null : new DateOnly(2026, 8, 31), null);
        var started = StartContractHandler.Decide(id, contract, staff, school, "contract");
        staff = staff.Apply(started);
        var events = new List<object> { registered, started };
        var degree = random.Next(100) switch { < 5 => 4, < 15 => 5, < 75 => 6, < 97 => 7, _ => 8 };
        var graduated = Math.Min(birth.Year + 23, today.Year - 1);
        events.Add(RecordQualificationsHandler.Decide(new RecordQualification(id, Guid.CreateVersion7(), degree,
            degree >= 6 ? "Education" : "Pedagogy", "University of Bihać", graduated), today));
        if (random.Next(100) < 80)
        {
            events.Add(RecordQualificationsHandler.Decide(new RecordTraining(id, Guid.CreateVersion7(), TrainingKind.PreService,
                "Teacher education programme", "University of Bihać", 600m, new DateOnly(graduated, 6, 30)), today));
        }
        if (random.Next(100) < 60)
        {
            events.Add(RecordQualificationsHandler.Decide(new RecordTraining(id, Guid.CreateVersion7(), TrainingKind.InService,
                "Digital skills for teachers", "Ministry of Education", random.Next(2, 13) * 10m, new DateOnly(2024, random.Next(1, 13), 15)),
                today));
        }
        if (random.Next(100) < 75)
        {
            events.Add(RecordQualificationsHandler.Decide(new RecordCertification(id, Guid.CreateVersion7(), "Professional examination",
                "Ministry of Education", new DateOnly(Math.Min(starts.Year + 1, today.Year), 6, 1)), today));
        }
        session.Events.StartStream<StaffMember>(id, registered, started);
        if (role != StaffRole.Teacher)
        {
            session.Events.Append(id, [.. events.Skip(2)]);
            return (staff, []);
        }
        return (staff, events);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo staff loaded: {Staff} fictitious staff in {Schools} schools")]
    private static partial void LogLoaded(ILogger logger, int staff, int schools);
}
