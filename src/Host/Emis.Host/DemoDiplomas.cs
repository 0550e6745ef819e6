using Emis.Credentials.Diplomas;
using Emis.Learning.Contracts;
using Emis.Learning.Results;
using Marten;

namespace Emis.Host;

/// <summary>
/// The demo canton's diplomas: last school year's graduating cohort, drafted from its confirmed results as a school's
/// confirmation drafts them, issued by the ministry for the whole canton, and one revoked — so that `./emis up` shows a
/// diploma anyone can verify at once (and a revoked one). Loaded once; needs the key-encryption key `./emis up` provides.
/// </summary>
internal static partial class DemoDiplomas
{
    public const string RevocationReason = "Izdana greškom: zaključna ocjena iz matematike unesena drugom učeniku";

    public static async Task LoadAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        List<Guid> sections;
        await using (var query = store.QuerySession(jurisdiction))
        {
            // Issued once; drafts left by a start that could not sign (no key-encryption key) are issued by the next.
            if (await query.Query<DiplomaView>().AnyAsync(d => d.Status != DiplomaStatus.Draft, ct)) return;
            sections = [.. await query.Query<SectionResultsView>().Where(s => s.SchoolYear == DemoLearning.LastSchoolYear)
                .OrderBy(s => s.SchoolCode).ThenBy(s => s.Id).Select(s => s.SectionId).ToListAsync(ct)];
        }
        var records = services.GetRequiredService<ILearningRecords>();
        var drafting = services.GetRequiredService<DiplomaDrafting>();
        var drafted = 0;
        foreach (var section in sections)
        {
            if ((await records.GraduatesAsync(jurisdiction, section, ct)).Count == 0) continue;
            await using var session = DemoSession.Open(store, jurisdiction);
            var ids = await drafting.DraftAsync(session, section, ct);
            if (ids.Count == 0) continue;
            await session.SaveChangesAsync(ct);
            drafted += ids.Count;
        }
        await using (var query = store.QuerySession(jurisdiction))
        {
            if (!await query.Query<DiplomaView>().AnyAsync(ct)) return;
        }
        if (services.GetRequiredService<IssuerKeys>().CannotSign() is { } cannot)
        {
            LogNotSigned(logger, drafted, cannot.Message);
            return;
        }
        var issuance = services.GetRequiredService<DiplomaIssuance>();
        DiplomasRecorded issued;
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            issued = await DiplomaCommandHandler.Handle(new IssueDiplomas(DemoLearning.LastSchoolYear, null, null), session, issuance, ct);
            await session.SaveChangesAsync(ct);
        }
        await using (var session = DemoSession.Open(store, jurisdiction))
        {
            await DiplomaCommandHandler.Handle(new RevokeDiploma(issued.DiplomaIds.Min(), RevocationReason), session, ct);
            await session.SaveChangesAsync(ct);
        }
        LogLoaded(logger, DemoLearning.LastSchoolYear, issued.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo diplomas of {SchoolYear}: {Issued} issued, one of them revoked")]
    private static partial void LogLoaded(ILogger logger, string schoolYear, int issued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo diplomas: {Drafted} drafted, none issued: {Reason}")]
    private static partial void LogNotSigned(ILogger logger, int drafted, string reason);
}
