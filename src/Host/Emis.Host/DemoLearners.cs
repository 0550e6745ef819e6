using System.Globalization;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Marten;

namespace Emis.Host;

/// <summary>
/// Fictitious learners for the demo jurisdiction, so that the IDE and the figures have something to show. Generated
/// from a fixed seed through the same bulk path an importer uses; every name is made up.
/// </summary>
internal static partial class DemoLearners
{
    public const string SchoolYear = "2025/2026";

    private static readonly string[] Female =
        ["Amila", "Lejla", "Emina", "Ajla", "Selma", "Naida", "Ivana", "Ana", "Mirela", "Elira", "Blerta", "Ayşe", "Šejla", "Đulsa", "Ćamka"];
    private static readonly string[] Male =
        ["Amar", "Haris", "Tarik", "Emir", "Kenan", "Adnan", "Ivan", "Marko", "Arben", "Besnik", "Mehmet", "Đorđe", "Čedomir", "Šaban", "Žarko"];
    private static readonly string[] Last = ["Hodžić", "Begić", "Mujić", "Delić", "Kovačević", "Hadžić", "Omerović", "Čaušević", "Šehić", "Krasniqi",
        "Yıldız", "Bajramović", "Ćosić", "Žunić", "Đulić"];
    private static readonly string[] Communities = ["Bosniak", "Croat", "Serb", "Roma"];

    public static async Task LoadAsync(IServiceProvider services, int schoolCount, int perSchool, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var schools = await WaitForSchoolsAsync(store, schoolCount, ct);
        var random = new Random(2025);
        var batch = new List<RegisterLearner>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var school in schools.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            var grades = school.Grades;
            for (var i = 0; i < perSchool; i++)
            {
                batch.Add(Fictitious(random, school.Id, random.Next(grades.First, grades.Last + 1), SchoolYear, null, today));
            }
        }

        var loader = services.GetRequiredService<LearnerBulkLoader>();
        var context = new CommandContext(EmisComposition.DefaultJurisdiction, "demo-loader", Sources.Seed, "demo-" + Guid.NewGuid().ToString("N"));
        var loaded = 0;
        foreach (var chunk in batch.Chunk(1000))
        {
            loaded += (await loader.LoadAsync(chunk, context, ct)).Registered;
        }
        LogLoaded(logger, loaded, schools.Count);
    }

    /// <summary>
    /// One fictitious learner of a grade, registered and enrolled for the school year in the section given (or one of A–C, drawn
    /// last), with a birth date that fits the grade in that year; the same draws whatever the year, so a seed gives the same canton.
    /// </summary>
    public static RegisterLearner Fictitious(Random random, Guid schoolId, int grade, string schoolYear, string? section, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(schoolYear);
        var startYear = int.Parse(schoolYear.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var female = random.Next(2) == 0;
        var birth = new DateOnly(startYear - 6 - grade, random.Next(1, 13), random.Next(1, 29));
        var adult = LearnerRules.AgeOn(birth, today) >= LearnerRules.ContactsOfTheirOwnFromAge;
        var parent = Male[random.Next(Male.Length)];
        var last = Last[random.Next(Last.Length)];
        return new RegisterLearner(
            Guid.CreateVersion7(),
            female ? Female[random.Next(Female.Length)] : Male[random.Next(Male.Length)],
            parent,
            last,
            birth,
            female ? Sex.Female : Sex.Male,
            "bs",
            "bs",
            random.Next(20) == 0 ? (Disability)random.Next(1, 7) : Disability.None,
            Communities[random.Next(Communities.Length)],
            random.Next(15) == 0 ? Displacement.InternallyDisplaced : random.Next(30) == 0 ? Displacement.Returnee : Displacement.None,
            adult
                ? new LearnerContacts(null, string.Create(CultureInfo.InvariantCulture, $"+38761{random.Next(100000, 999999)}"), null, null, null)
                : new LearnerContacts(null, null, $"{parent} {last}", null, string.Create(
                    CultureInfo.InvariantCulture, $"+38762{random.Next(100000, 999999)}")),
            new InitialEnrollment(schoolYear, schoolId, grade, section ?? ((char)('A' + random.Next(3))).ToString()));
    }

    // Enrollment learns schools from the Registry's events, a moment after they are registered.
    private static async Task<IReadOnlyList<EnrollmentSchool>> WaitForSchoolsAsync(IDocumentStore store, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await using var session = store.QuerySession(EmisComposition.DefaultJurisdiction);
            var known = await session.Query<EnrollmentSchool>().ToListAsync(ct);
            if (known.Count >= count || DateTime.UtcNow > deadline) return known;
            await Task.Delay(100, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo learners loaded: {Learners} fictitious learners in {Schools} schools")]
    private static partial void LogLoaded(ILogger logger, int learners, int schools);
}
