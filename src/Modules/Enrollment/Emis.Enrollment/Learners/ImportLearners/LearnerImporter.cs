using System.Diagnostics;
using System.Globalization;
using Emis.Credentials.Contracts;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Schools;
using Emis.Enrollment.Statistics;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Emis.Platform.Text;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Wolverine.Marten;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>A learner file to import into one jurisdiction for one school year.</summary>
/// <param name="MayImportInto">Which schools the caller may enrol learners in (null: every school, for the CLI).</param>
/// <param name="Scope">What <paramref name="MayImportInto"/> stands for (e.g. the caller's scope key), part of the import's
/// identity: the same file imported by a school and then by the ministry are two imports with two plans.</param>
public sealed record LearnerImportRequest(string FileName, byte[] Content, string SchoolYear, CommandContext Context,
    Func<EnrollmentSchool, bool>? MayImportInto = null, string? Scope = null)
{
    public override string ToString() => $"LearnerImportRequest {{ FileName = {FileName} }}";
}

/// <summary>
/// Imports a learner template end to end: read, clean, match schools, find duplicates, issue EduIDs and account names,
/// then write in batches. Each batch is one transaction (events, read models, accounts, report rows, outbox): a crash
/// leaves whole batches, and importing the same file again resumes after the last one (adr/0009). A finished file
/// imported again creates nothing and returns the same report.
/// </summary>
public sealed partial class LearnerImporter(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IAccountLedger ledger,
    TimeProvider clock,
    EnrollmentStatisticsFeed statistics,
    ImportRows rows,
    ImportRunner runner,
    IServiceScopeFactory scopes,
    ILogger<LearnerImporter> logger)
{
    /// <summary>Rows per transaction.</summary>
    public const int BatchRows = ImportBatches.Rows;

    /// <summary>What a file without a section column puts learners in.</summary>
    public const string DefaultSection = "A";

    private static readonly Guid ImportNamespace = Guid.Parse("3d9f5a4e-0f57-4c69-8a1c-5c7b0e8e2b61");

    public static Guid ImportIdOf(string jurisdiction, string schoolYear, byte[] content, string? scope = null) =>
        ImportIdOf(jurisdiction, schoolYear, ImportIds.Sha256(content), scope);

    private static Guid ImportIdOf(string jurisdiction, string schoolYear, string sha256, string? scope) =>
        scope is null
            ? ImportIds.Of(ImportNamespace, jurisdiction, schoolYear, sha256)
            : ImportIds.Of(ImportNamespace, jurisdiction, schoolYear, sha256, scope);

    public static Guid LearnerIdOf(Guid importId, int row) => ImportIds.PersonOf(importId, row);

    /// <param name="progress">Told the rows done so far after each batch (for progress bars).</param>
    public async Task<ImportReport> ImportAsync(LearnerImportRequest request, CancellationToken ct, IProgress<int>? progress = null)
    {
        if (!SchoolYear.TryParse(request.SchoolYear, out var yearStart))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "schoolYear", "The school year is written like 2025/2026.");
        }
        var tenant = request.Context.Jurisdiction;
        var sha256 = ImportIds.Sha256(request.Content);
        var importId = ImportIdOf(tenant, request.SchoolYear, sha256, request.MayImportInto is null ? null : request.Scope);
        // Every event of the import carries the import as its correlation id, whoever started it.
        request = request with { Context = request.Context with { CorrelationId = "import-" + importId.ToString("N") } };
        var started = Stopwatch.StartNew();

        // One import of people at a time per jurisdiction: account names and EduIDs are chosen in memory against what is issued.
        IIssuedIdentifiers identities = null!;
        var identityOfLearner = new Dictionary<Guid, PersonIdentity>();
        var rowOfLearner = new Dictionary<Guid, int>();
        var planned = TimeSpan.Zero;
        var outcome = await runner.RunAsync<LearnerImport, PlannedLearner, PreparedBatch>(tenant, importId, async ct =>
        {
            var sheet = LearnerTemplate.Read(request.Content, request.FileName);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

            List<EnrollmentSchool> schools;
            await using (var query = store.QuerySession(tenant))
            {
                schools = [.. await query.Query<EnrollmentSchool>().ToListAsync(ct)];
            }
            var matcher = new SchoolMatcher<EnrollmentSchool>(schools);
            var columns = LearnerTemplate.Map(sheet, request.FileName, matcher);
            if (columns.Inferred.Count > 0) sheet = sheet with { Format = $"{sheet.Format}; {string.Join("; ", columns.Inferred)}" };
            var ownIds = sheet.Rows.Select(r => LearnerIdOf(importId, r.Line)).ToHashSet();
            var known = (await KnownLearnersAsync(tenant, ct)).Where(l => !ownIds.Contains(l.Id)).ToList();
            identities = await ledger.LoadIssuedAsync(tenant, ct);
            var plan = LearnerPlanner.Plan(sheet, columns, matcher, known,
                row => LearnerIdOf(importId, row), yearStart, today, request.MayImportInto);
            planned = started.Elapsed;

            var import = new LearnerImport
            {
                Id = importId,
                FileName = request.FileName,
                SchoolYear = request.SchoolYear,
                ContentSha256 = sha256,
                Actor = request.Context.Actor,
                StartedAt = clock.GetUtcNow(),
            };
            import.Planned(sheet, columns.Ignored, plan);
            foreach (var p in plan.Where(p => p.RegistersPerson)) rowOfLearner[p.PersonId!.Value] = p.Draft.Row;
            return new ImportPlan<LearnerImport, PlannedLearner>(import, plan, p => p.Draft.Row);
        }, async (batch, alreadyWritten, import) =>
        {
            // Identities first, in file order, so that a duplicate later in the file finds its learner's EduID.
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
                    accounts.Add(new NewAccount(id, PersonKind.Learner, identity.EduId, identity.Username, row.Draft.FirstName!, row.Draft.LastName!,
                        row.School!.Id, row.School.Code, request.SchoolYear, row.Draft.Grade));
                }
                identityOfLearner[id] = identity;
            }
            return alreadyWritten ? null : await PrepareBatchAsync(request, import, batch, accounts, identities, identityOfLearner, rowOfLearner, ct);
        }, (prepared, import) => WriteBatchAsync(prepared, import, ct), progress, ct);

        var done = outcome.Import;
        if (!outcome.AlreadyComplete)
        {
            if (done.Summary.Imported > 0) statistics.Changed(tenant);
            LogImported(logger, importId, done.Rows, done.Summary.Imported, done.Summary.Duplicate, done.Summary.Review, done.Summary.Rejected,
                planned.TotalMilliseconds, started.Elapsed.TotalMilliseconds);
        }
        await using (var query = store.QuerySession(tenant))
        {
            return await ReportAsync(query, done, ct);
        }
    }

    /// <summary>
    /// A batch written but for its events: its transaction begun (its start time is the events' timestamp), its profiles,
    /// accounts and report rows copied, its events staged and serialized. The events and statistics are left, since they
    /// take sequence numbers: they go in only once the batch before has committed, so the log grows in commit order.
    /// </summary>
    private sealed class PreparedBatch(AsyncServiceScope scope, BulkWrite write) : IAsyncDisposable
    {
        public BulkWrite Write { get; } = write;
        public List<(LearnerRegistered Registered, LearnerEnrolled Enrolled)> Registrations { get; } = [];

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Write.DisposeAsync();
            }
            finally
            {
                await scope.DisposeAsync();
            }
        }
    }

    // Runs while the batch before is being written and committed, in a transaction of its own on another connection.
    private async Task<PreparedBatch> PrepareBatchAsync(LearnerImportRequest request, LearnerImport import, PlannedLearner[] batch,
        List<NewAccount> accounts, IIssuedIdentifiers identities, Dictionary<Guid, PersonIdentity> identityOfLearner,
        Dictionary<Guid, int> rowOfLearner, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        BulkWrite write;
        try
        {
            var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
            write = await BulkWrite.BeginAsync(store, dataSource, request.Context, outbox, ct);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
        var prepared = new PreparedBatch(scope, write);
        try
        {
            var today = DateOnly.FromDateTime(write.Now.UtcDateTime);
            var profiles = new List<LearnerProfile>();
            foreach (var row in batch.Where(r => r.RegistersPerson))
            {
                var (registered, enrolled) = Events(row, request.SchoolYear, today);
                prepared.Registrations.Add((registered, enrolled));
                write.StartStream<Learner>(registered.LearnerId, registered, enrolled);
                profiles.Add(Profile(registered, enrolled, write.Now, request.Context.Actor));
            }
            // The events' JSON (personal fields encrypted) is made on worker threads while the connection writes the profiles,
            // accounts and report rows; the events are appended later in the order they were staged, learners' then accounts'.
            write.SerializeAhead(ct);
            await write.CopyDocumentsAsync(profiles, p => p.Id, p => p.Version, ProfileColumns, ct);
            if (accounts.Count > 0) await ledger.IssueAsync(write, accounts, ct);
            await ImportRows.CopyAsync(write, import.Id, batch.Select(row => new ImportRowRecord(row.Draft.Row, row.Status, row.School?.Code,
                row.School?.Municipality, row.PersonId, Result(row, identityOfLearner, identities, rowOfLearner),
                row.Status is RowStatus.Review or RowStatus.Duplicate ? ReviewDraft.From(row) : null)), ct);
            await write.SerializeAsync(ct);
            return prepared;
        }
        catch
        {
            await prepared.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteBatchAsync(PreparedBatch prepared, LearnerImport import, CancellationToken ct)
    {
        var write = prepared.Write;
        // The events go in before the statistics so that the enrolment intervals carry their sequence numbers (time travel by sequence).
        await write.FlushEventsAsync(ct);
        await EnrollmentFactsProjection.RegisterAndEnrolAsync(write.Connection, write.Schema, write.Tenant,
            [.. prepared.Registrations.Select(r => (r.Registered, r.Enrolled, write.SequenceOf(r.Enrolled.LearnerId, 2)))], write.Now, ct);
        import.BatchesWritten++;
        write.Session.Store(import);
        await write.CommitAsync(ct);
    }

    /// <summary>
    /// The columns <see cref="EnrollmentModule"/> duplicates out of a learner profile (kept in step with it; a test reads them back).
    /// </summary>
    internal static readonly (string, NpgsqlDbType, Func<LearnerProfile, object?>)[] ProfileColumns =
    [
        ("school_id", NpgsqlDbType.Uuid, p => p.SchoolId),
        ("school_code", NpgsqlDbType.Varchar, p => p.SchoolCode),
        ("municipality", NpgsqlDbType.Varchar, p => p.Municipality),
        ("school_year", NpgsqlDbType.Varchar, p => p.SchoolYear),
        ("class_key", NpgsqlDbType.Varchar, p => p.ClassKey),
        ("last_name", NpgsqlDbType.Varchar, p => p.LastName),
        ("first_name", NpgsqlDbType.Varchar, p => p.FirstName),
    ];

    /// <summary>The events a new learner's stream starts with: the same decisions as <see cref="RegisterLearnerHandler"/>.</summary>
    internal static (LearnerRegistered Registered, LearnerEnrolled Enrolled) Events(PlannedLearner row, string schoolYear, DateOnly today)
    {
        var d = row.Draft;
        var school = row.School!;
        var registered = RegisterLearnerHandler.Decide(Command(d, row.PersonId!.Value, today, enrollment: null), today);
        LearnerStreams.CheckPlacement(school, d.Grade!.Value, "school");
        var enrolled = new LearnerEnrolled(registered.LearnerId, schoolYear, school.Id, school.Code, school.Municipality, d.Grade.Value,
            LearnerRules.CleanSection(d.Section ?? DefaultSection), EntryKind.New);
        return (registered, enrolled);
    }

    /// <summary>
    /// The registration a clean row stands for, as the registerLearner mutation would send it (validated by the same
    /// validator before the row is planned for import).
    /// </summary>
    internal static RegisterLearner.RegisterLearner Command(LearnerDraft d, Guid learnerId, DateOnly today, InitialEnrollment? enrollment) =>
        new(learnerId, d.FirstName!, d.ParentName, d.LastName!, d.BirthDate!.Value, d.LearnerSex!.Value,
            MotherTongue: "und", LanguageOfInstruction: "und", Disability: null, Community: null, Displacement: null,
            Contacts: Contacts(d, today), Enrollment: enrollment);

    /// <summary>A child under 13 has no contacts of their own: a learner's email or phone in the file is kept as the guardian's.</summary>
    private static LearnerContacts Contacts(LearnerDraft d, DateOnly today)
    {
        var child = LearnerRules.AgeOn(d.BirthDate!.Value, today) < LearnerRules.ContactsOfTheirOwnFromAge;
        return child
            ? new LearnerContacts(null, null, d.ParentName, d.GuardianEmail ?? d.Email, d.GuardianPhone ?? d.Phone)
            : new LearnerContacts(d.Email, d.Phone, d.ParentName, d.GuardianEmail, d.GuardianPhone);
    }

    /// <summary>The profile the inline projection would build from the two events (bulk-written events bypass it).</summary>
    internal static LearnerProfile Profile(LearnerRegistered registered, LearnerEnrolled enrolled, DateTimeOffset at, string actor)
    {
        var first = new Event<LearnerRegistered>(registered) { Version = 1, Timestamp = at, StreamId = registered.LearnerId };
        first.SetHeader(EventHeaders.Actor, actor);
        var second = new Event<LearnerEnrolled>(enrolled) { Version = 2, Timestamp = at, StreamId = registered.LearnerId };
        second.SetHeader(EventHeaders.Actor, actor);
        var profile = LearnerProfileProjection.Create(first);
        LearnerProfileProjection.Apply(second, profile);
        return profile;
    }

    internal static RowResult Result(PlannedLearner row, IReadOnlyDictionary<Guid, PersonIdentity> identityOfLearner, IIssuedIdentifiers identities,
        IReadOnlyDictionary<Guid, int> rowOfLearner)
    {
        var d = row.Draft;
        PersonIdentity? identity = row.PersonId is { } id ? identityOfLearner.GetValueOrDefault(id) ?? identities.Of(id) : null;
        var learner = new ReportedLearner(identity?.EduId, identity?.Username, d.FirstName, d.ParentName, d.LastName,
            d.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PersonCleaning.Letter(d.Sex),
            row.School?.Code ?? d.SchoolCode, d.Grade)
        { LearnerId = row.PersonId };
        var link = RowReport.Duplicate(row, rowOfLearner);
        DuplicateOf? duplicateOf = link is null ? null : new DuplicateOf(link.Row,
            (link.PersonId is { } other ? identityOfLearner.GetValueOrDefault(other) ?? identities.Of(other) : null)?.EduId)
        { LearnerId = link.PersonId };
        return new RowResult(d.Row, row.Status, learner, duplicateOf, d.Corrections, RowReport.Problems(row))
        {
            Candidates = RowReport.Candidates(row),
        };
    }

    private Task<List<KnownPerson>> KnownLearnersAsync(string tenant, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        // A learner whose import was reverted is no one's duplicate (adr/0026).
        return RowReport.KnownPeopleAsync(dataSource, $"""
            select id, first_name, data->>'ParentName', last_name, data->>'BirthDate'
            from {schema}.mt_doc_learnerprofile where tenant_id = $1 and (data->>'Status')::int <> {(int)LearnerStatus.Reverted}
            """, tenant, ct);
    }

    /// <summary>The stored report of an import: the document and every row's result, in file order.</summary>
    public async Task<ImportReport> ReportAsync(IQuerySession session, LearnerImport import, CancellationToken ct)
    {
        var results = await rows.ResultsAsync<RowResult>(session.TenantId, import.Id, import.Rows, ct);
        return new ImportReport(import.Id, import.FileName, import.SchoolYear, import.Status, import.Rows, import.Summary, results)
        {
            Format = import.Format,
            IgnoredColumns = import.IgnoredColumns,
        };
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Learner import {ImportId}: {Rows} rows, {Imported} imported, {Duplicate} duplicate, {Review} for review, {Rejected} rejected " +
        "(planned in {PlanMs:0} ms, done in {TotalMs:0} ms)")]
    private static partial void LogImported(
        ILogger logger, Guid importId, int rows, int imported, int duplicate, int review, int rejected, double planMs, double totalMs);
}

/// <summary>
/// What a row held for review keeps, so that a reviewer's decision can import it later; a duplicate row keeps it too, so
/// that its join can be undone (back to review) and the row still imported.
/// </summary>
public sealed record ReviewDraft(
    string? FirstName, string? ParentName, string? LastName, string? BirthDate, string? Sex, string? SchoolText, string? SchoolCode, int? Grade,
    string? Section, string? Email, string? Phone, string? GuardianEmail, string? GuardianPhone)
{
    public static ReviewDraft From(PlannedLearner row)
    {
        var d = row.Draft;
        return new ReviewDraft(d.FirstName, d.ParentName, d.LastName, d.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PersonCleaning.Letter(d.Sex), d.SchoolText, row.School?.Code ?? d.SchoolCodeText,
                d.Grade, d.Section,
            d.Email, d.Phone, d.GuardianEmail, d.GuardianPhone);
    }

    public override string ToString() => "ReviewDraft { (withheld) }";
}
