using Emis.Platform.Commands;
using Emis.Registry.Schools.ImportingSchools;
using Marten;

namespace Emis.Host;

/// <summary>
/// Loads a demo jurisdiction (a canton of 8 municipalities and 70 schools in the style of Una-Sana Canton, with about 4,200 fictitious learners and
/// their teachers and staff, its curricula, last school year's marks and results, its schools' infrastructure, devices and a
/// purchase proposal, and its fiscal year 2026 with the laptop request funded) when its store is empty, through the same import path a
/// ministry uses.
/// </summary>
internal static partial class DemoJurisdiction
{
    public static async Task LoadIfEmptyAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        int schools, learners;
        await using (var session = store.QuerySession(EmisComposition.DefaultJurisdiction))
        {
            schools = await session.Query<Registry.Schools.GettingSchools.SchoolView>().CountAsync(ct);
            learners = await session.Query<Enrollment.Learners.GettingLearners.LearnerProfile>().CountAsync(ct);
        }

        if (schools == 0)
        {
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<SchoolImporter>();
            await using var csv = typeof(DemoJurisdiction).Assembly.GetManifestResourceStream("Emis.Host.Demo.una-sana-schools.csv")
                ?? throw new InvalidOperationException("demo data missing from the build");
            var context = new CommandContext(
                EmisComposition.DefaultJurisdiction, "demo-loader", Sources.Seed, "demo-" + Guid.NewGuid().ToString("N"));
            var report = await importer.ImportAsync(csv, "una-sana-schools.csv", context, ct);
            LogLoaded(logger, EmisComposition.DefaultJurisdiction, report.Registered, report.Rejected);
            schools = report.Registered;
        }
        if (learners == 0 && schools > 0) await DemoLearners.LoadAsync(services, schools, perSchool: 60, logger, ct);
        if (schools == 0) return;
        await using (var session = store.QuerySession(EmisComposition.DefaultJurisdiction))
        {
            if (!await session.Query<Staffing.Staff.GettingStaff.StaffProfile>().AnyAsync(ct))
            {
                // A demo store from before Staffing: Staffing has not heard of its schools; the Registry announces them again.
                await KnownAsync<Staffing.Schools.StaffingSchool>(services, session, schools, ct);
                var placed = await session.Query<Enrollment.Learners.GettingLearners.LearnerProfile>()
                    .Where(l => l.SchoolId != null && l.SchoolYear == DemoLearners.SchoolYear)
                    .Select(l => new { l.SchoolId, l.Grade, l.Section }).ToListAsync(ct);
                var classes = placed.GroupBy(l => (l.SchoolId!.Value, l.Grade!.Value, l.Section!))
                    .Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Count())).ToList();
                if (classes.Count > 0) await DemoStaff.LoadAsync(services, classes, logger, ct);
            }
            // Likewise a demo store from before Curriculum, and from before Assets.
            await KnownAsync<Curriculum.Schools.CurriculumSchool>(services, session, schools, ct);
            await KnownAsync<Assets.Schools.AssetsSchool>(services, session, schools, ct);
            await KnownAsync<Budget.Schools.BudgetSchool>(services, session, schools, ct);
            await KnownAsync<Credentials.Schools.CredentialsSchool>(services, session, schools, ct);
        }
        await DemoCurriculum.LoadAsync(services, logger, ct);
        await DemoLearning.LoadAsync(services, logger, ct);
        await DemoAssets.LoadAsync(services, logger, ct);
        await DemoBudget.LoadAsync(services, logger, ct);
        await DemoDiplomas.LoadAsync(services, logger, ct);
    }

    /// <summary>Waits until a module's copies of the schools are all there, having the Registry announce them again if some are not.</summary>
    private static async Task KnownAsync<TCopy>(IServiceProvider services, IQuerySession session, int schools, CancellationToken ct)
        where TCopy : notnull
    {
        if (await session.Query<TCopy>().CountAsync(ct) >= schools) return;
        await services.GetRequiredService<Registry.Schools.AnnouncingSchools.SchoolAnnouncer>()
            .AnnounceAllAsync(EmisComposition.DefaultJurisdiction, ct);
        for (var wait = 0; wait < 300 && await session.Query<TCopy>().CountAsync(ct) < schools; wait++) await Task.Delay(100, ct);
    }

    [LoggerMessage(
        Level = LogLevel.Information, Message = "Demo jurisdiction {Jurisdiction} loaded: {Registered} schools registered, {Rejected} rejected")]
    private static partial void LogLoaded(ILogger logger, string jurisdiction, int registered, int rejected);
}
