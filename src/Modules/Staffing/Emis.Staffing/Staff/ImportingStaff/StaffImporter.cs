using System.Diagnostics;
using System.Globalization;
using Emis.Credentials.Contracts;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Emis.Platform.Text;
using Emis.Staffing.Figures;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Staff.RecordQualifications;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Marten;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>A staff file to import into one jurisdiction for one school year.</summary>
/// <param name="MayImportInto">Which schools the caller may employ staff at (null: every school, for the CLI).</param>
/// <param name="Scope">What <paramref name="MayImportInto"/> stands for (the caller's scope key), part of the import's identity.</param>
public sealed record StaffImportRequest(string FileName, byte[] Content, string SchoolYear, CommandContext Context,
    Func<StaffingSchool, bool>? MayImportInto = null, string? Scope = null)
{
    public override string ToString() => $"StaffImportRequest {{ FileName = {FileName} }}";
}

/// <summary>
/// Imports a staff template end to end through the platform's one import pipeline for people (adr/0018), as the
/// learner import does: read, clean, match schools, find duplicates against the staff already in Emis and within the
/// file, issue EduIDs and account names (PersonKind.Staff; Credentials provisions them after commit), then write in
/// batches of one transaction each (<see cref="ImportRunner"/>). The same file again creates nothing and returns the
/// same report; an interrupted import resumes after its last batch.
/// </summary>
public sealed partial class StaffImporter(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IAccountLedger ledger,
    TimeProvider clock,
    ImportRows rows,
    ImportRunner runner,
    IServiceScopeFactory scopes,
    ILogger<StaffImporter> logger)
{
    private static readonly Guid ImportNamespace = Guid.Parse("a7c1e0d2-5b3f-4e8a-9d6c-2f4b8e1a7c93");

    public static Guid ImportIdOf(string jurisdiction, string schoolYear, string sha256, string? scope) =>
        scope is null
            ? ImportIds.Of(ImportNamespace, jurisdiction, schoolYear, sha256)
            : ImportIds.Of(ImportNamespace, jurisdiction, schoolYear, sha256, scope);

    public static Guid StaffIdOf(Guid importId, int row) => ImportIds.PersonOf(importId, row);

    /// <summary>A school year written <c>2025/2026</c>: its first calendar year.</summary>
    public static bool TryParseSchoolYear(string? text, out int startYear) => SchoolYear.TryParse(text, out startYear);

    /// <param name="progress">Told the rows done so far after each batch.</param>
    public async Task<StaffImportReport> ImportAsync(StaffImportRequest request, CancellationToken ct, IProgress<int>? progress = null)
    {
        if (!TryParseSchoolYear(request.SchoolYear, out var yearStart))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "schoolYear", "The school year is written like 2025/2026.");
        }
        var tenant = request.Context.Jurisdiction;
        var sha256 = ImportIds.Sha256(request.Content);
        var importId = ImportIdOf(tenant, request.SchoolYear, sha256, request.MayImportInto is null ? null : request.Scope);
        request = request with { Context = request.Context with { CorrelationId = "import-" + importId.ToString("N") } };
        var started = Stopwatch.StartNew();

        IIssuedIdentifiers identities = null!;
        var identityOf = new Dictionary<Guid, PersonIdentity>();
        var rowOf = new Dictionary<Guid, int>();
        var outcome = await runner.RunAsync(tenant, importId, async ct =>
        {
            var sheet = StaffTemplate.Read(request.Content, request.FileName);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            List<StaffingSchool> schools;
            await using (var query = store.QuerySession(tenant))
            {
                schools = [.. await query.Query<StaffingSchool>().ToListAsync(ct)];
            }
            var matcher = new SchoolMatcher<StaffingSchool>(schools);
            var columns = StaffTemplate.Map(sheet, request.FileName, matcher);
            if (columns.Inferred.Count > 0) sheet = sheet with { Format = $"{sheet.Format}; {string.Join("; ", columns.Inferred)}" };
            var ownIds = sheet.Rows.Select(r => StaffIdOf(importId, r.Line)).ToHashSet();
            var known = (await KnownStaffAsync(tenant, ct)).Where(s => !ownIds.Contains(s.Id)).ToList();
            identities = await ledger.LoadIssuedAsync(tenant, ct);
            var plan = StaffPlanner.Plan(sheet, columns, matcher, known, row => StaffIdOf(importId, row),
                yearStart, today, request.MayImportInto);
            var import = new StaffImport
            {
                Id = importId,
                FileName = request.FileName,
                SchoolYear = request.SchoolYear,
                ContentSha256 = sha256,
                Actor = request.Context.Actor,
                StartedAt = clock.GetUtcNow(),
            };
            import.Planned(sheet, columns.Ignored, plan);
            foreach (var p in plan.Where(p => p.RegistersPerson)) rowOf[p.PersonId!.Value] = p.Draft.Row;
            return new ImportPlan<StaffImport, PlannedStaff>(import, plan, p => p.Draft.Row);
        }, async (batch, alreadyWritten, import) =>
        {
            // Identities first, in file order, so that a duplicate later in the file finds its member of staff's EduID.
            var accounts = new List<NewAccount>();
            foreach (var row in batch.Where(r => r.RegistersPerson))
            {
                var id = row.PersonId!.Value;
                var identity = identities.Of(id);
                if (identity is null)
                {
                    identity = new PersonIdentity(id, identities.NextEduId(),
                        identities.NextUsername(row.Draft.FirstName!, row.Draft.ParentName, row.Draft.LastName!));
                    identities.Add(identity);
                    accounts.Add(new NewAccount(id, PersonKind.Staff, identity.EduId, identity.Username, row.Draft.FirstName!, row.Draft.LastName!,
                        row.School!.Id, row.School.Code, request.SchoolYear, Grade: null));
                }
                identityOf[id] = identity;
            }
            if (!alreadyWritten) await WriteBatchAsync(request, import, batch, accounts, identities, identityOf, rowOf, ct);
        }, progress, ct);

        var done = outcome.Import;
        if (!outcome.AlreadyComplete)
        {
            LogImported(logger, importId, done.Rows, done.Summary.Imported, done.Summary.Duplicate, done.Summary.Review, done.Summary.Rejected,
                started.Elapsed.TotalMilliseconds);
        }
        return await ReportAsync(tenant, done, ct);
    }

    private async Task WriteBatchAsync(StaffImportRequest request, StaffImport import, PlannedStaff[] batch, List<NewAccount> accounts,
        IIssuedIdentifiers identities, Dictionary<Guid, PersonIdentity> identityOf, Dictionary<Guid, int> rowOf, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, request.Context, outbox, ct);
        var today = DateOnly.FromDateTime(write.Now.UtcDateTime);
        var streams = batch.Where(r => r.RegistersPerson)
            .Select(r => (r.PersonId!.Value, Events(r.Draft, r.PersonId!.Value, r.School!, today))).ToList();
        await StaffImportWriter.AppendAsync(write, streams, ct);
        if (accounts.Count > 0) await ledger.IssueAsync(write, accounts, ct);
        await ImportRows.CopyAsync(write, import.Id, batch.Select(row => new ImportRowRecord(row.Draft.Row, row.Status, row.School?.Code,
            row.School?.Municipality, row.PersonId, Result(row, identityOf, identities, rowOf),
            row.Status == RowStatus.Review ? StaffReviewDraft.From(row) : null)), ct);
        import.BatchesWritten++;
        write.Session.Store(import);
        await write.CommitAsync(ct);
    }

    /// <summary>The registration a clean row stands for, as the registerStaffMember mutation would send it.</summary>
    internal static RegisterStaffMember.RegisterStaffMember Command(StaffDraft d, Guid staffId, Guid schoolId) =>
        new(staffId, d.FirstName!, d.ParentName, d.LastName!, d.BirthDate!.Value, d.StaffSex!.Value, [], new StaffContacts(d.Email, d.Phone),
            new NewContract(NameBasedGuid.Create(staffId, "contract"), schoolId, d.Role!.Value, d.Level ?? EducationLevel.Isced1,
                d.ContractType ?? ContractType.Permanent, d.Fte ?? 1m, d.StartDate!.Value, d.EndsOn, FteReason: null));

    /// <summary>
    /// The events a new member of staff's stream starts with, decided by Staffing's own decisions: registered
    /// (<see cref="RegisterStaffMemberHandler.Decide"/>), employed (<see cref="StartContractHandler.Decide"/>) and, when
    /// the file names a qualification, qualified (<see cref="RecordQualificationsHandler.Decide(RecordQualification, DateOnly)"/>).
    /// The file gives no year of award nor institution: the year is the contract's start year at the latest.
    /// </summary>
    internal static object[] Events(StaffDraft d, Guid staffId, StaffingSchool school, DateOnly today)
    {
        var command = Command(d, staffId, school.Id);
        var registered = RegisterStaffMemberHandler.Decide(command, today);
        var started = StartContractHandler.Decide(staffId, command.Contract!, StaffMember.Create(registered), school, "contract");
        if (d.QualificationLevel is not { } level) return [registered, started];
        var qualified = RecordQualificationsHandler.Decide(new RecordQualification(staffId, NameBasedGuid.Create(staffId, "qualification"), level,
            d.Subjects ?? d.Qualification!, "Not given in the import", Math.Min(today.Year, d.StartDate!.Value.Year)), today);
        return [registered, started, qualified];
    }

    internal static StaffRowResult Result(PlannedStaff row, IReadOnlyDictionary<Guid, PersonIdentity> identityOf, IIssuedIdentifiers identities,
        IReadOnlyDictionary<Guid, int> rowOf)
    {
        var d = row.Draft;
        PersonIdentity? identity = row.PersonId is { } id ? identityOf.GetValueOrDefault(id) ?? identities.Of(id) : null;
        var staff = new ReportedStaff(identity?.EduId, identity?.Username, d.FirstName, d.ParentName, d.LastName,
            d.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PersonCleaning.Letter(d.Sex), row.School?.Code ?? d.SchoolCode,
            d.Role?.ToString(), d.ContractType?.ToString(), d.Fte, d.Level?.ToString().ToUpperInvariant(), d.QualificationLevel)
        { StaffId = row.PersonId };
        var link = RowReport.Duplicate(row, rowOf);
        StaffDuplicateOf? duplicateOf = link is null ? null : new StaffDuplicateOf(link.Row,
            (link.PersonId is { } other ? identityOf.GetValueOrDefault(other) ?? identities.Of(other) : null)?.EduId)
        { StaffId = link.PersonId };
        return new StaffRowResult(d.Row, row.Status, staff, duplicateOf, d.Corrections, RowReport.Problems(row))
        {
            Candidates = RowReport.Candidates(row),
        };
    }

    /// <summary>The staff already in Emis, as duplicate detection compares them (names and birth date).</summary>
    private Task<List<KnownPerson>> KnownStaffAsync(string tenant, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        return RowReport.KnownPeopleAsync(dataSource, $"""
            select id, data->>'FirstName', data->>'ParentName', data->>'LastName', data->>'BirthDate'
            from {schema}.mt_doc_staffprofile where tenant_id = $1
            """, tenant, ct);
    }

    /// <summary>The stored report of an import: the document and every row's result, in file order.</summary>
    public async Task<StaffImportReport> ReportAsync(string tenant, StaffImport import, CancellationToken ct)
    {
        var results = await rows.ResultsAsync<StaffRowResult>(tenant, import.Id, import.Rows, ct);
        return new StaffImportReport(import.Id, import.FileName, import.SchoolYear, import.Status, import.Rows, import.Summary, results)
        {
            Format = import.Format,
            IgnoredColumns = import.IgnoredColumns,
        };
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Staff import {ImportId}: {Rows} rows, {Imported} imported, {Duplicate} duplicate, {Review} for review, {Rejected} rejected " +
        "(done in {TotalMs:0} ms)")]
    private static partial void LogImported(
        ILogger logger, Guid importId, int rows, int imported, int duplicate, int review, int rejected, double totalMs);
}

/// <summary>Writes imported members of staff: their streams and every read model their events feed.</summary>
public static class StaffImportWriter
{
    /// <summary>
    /// Starts the streams of imported members of staff in a bulk write, and writes what the inline projections would
    /// have written for their events (<see cref="StaffProfile"/>, built with <see cref="StaffProfileProjection"/>'s own
    /// Create/Apply). A <see cref="BulkWrite"/> bypasses Marten's inline projections: EVERY projection of staff events
    /// (every inline projection registered in <c>StaffingModule.ConfigureStaffing</c>, and any table kept from staff
    /// events, e.g. the staff figures) must be fed here too, or imported staff are missing from it. This is the one place
    /// an import writes staff events.
    /// </summary>
    /// <param name="streams">Each member of staff's id and the events their stream starts with (versions 1..n).</param>
    public static async Task AppendAsync(BulkWrite write, IReadOnlyList<(Guid StaffId, object[] Events)> streams, CancellationToken ct)
    {
        var profiles = new List<StaffProfile>(streams.Count);
        foreach (var (staffId, events) in streams)
        {
            write.StartStream<StaffMember>(staffId, events);
            profiles.Add(Profile(staffId, events, write.Now, write.Context.Actor));
        }
        await write.CopyDocumentsAsync(profiles, p => p.Id, p => p.Version, [], ct);
        // The staff figures' interval tables, with the events' own sequence numbers (written first, within the transaction).
        await write.FlushEventsAsync(ct);
        await StaffFiguresBulk.WriteAsync(write, [.. streams.SelectMany(s => s.Events.Select((e, i) => (s.StaffId, (long)(i + 1), e)))], ct);
    }

    /// <summary>The profile the inline projection would build from a new stream's events.</summary>
    internal static StaffProfile Profile(Guid staffId, object[] events, DateTimeOffset at, string actor)
    {
        StaffProfile? profile = null;
        for (var i = 0; i < events.Length; i++)
        {
            var version = i + 1;
            switch (events[i])
            {
                case StaffMemberRegistered registered:
                    profile = StaffProfileProjection.Create(Wrap(registered, staffId, version, at, actor));
                    break;
                case ContractStarted started:
                    StaffProfileProjection.Apply(Wrap(started, staffId, version, at, actor), profile!);
                    break;
                case QualificationRecorded qualified:
                    StaffProfileProjection.Apply(Wrap(qualified, staffId, version, at, actor), profile!);
                    break;
                default:
                    throw new InvalidOperationException($"An import does not start a staff stream with {events[i].GetType().Name}.");
            }
        }
        return profile ?? throw new InvalidOperationException("A staff stream starts with StaffMemberRegistered.");
    }

    private static Event<T> Wrap<T>(T data, Guid staffId, int version, DateTimeOffset at, string actor) where T : notnull
    {
        var e = new Event<T>(data) { Version = version, Timestamp = at, StreamId = staffId };
        e.SetHeader(EventHeaders.Actor, actor);
        return e;
    }
}
