using System.Diagnostics;
using Emis.Budget.Chart;
using Emis.Budget.Contracts;
using Emis.Budget.FiscalYears;
using Emis.Budget.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Marten;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>A treasury export to import into one jurisdiction's fiscal year.</summary>
/// <param name="Caller">Whose scope decides which holders' lines may be recorded (null: every holder, for the CLI).</param>
public sealed record TreasuryImportRequest(string FileName, byte[] Content, int FiscalYear, CommandContext Context, Caller? Caller = null)
{
    /// <summary>Whether the caller may record execution on a holder's account (null: on every one).</summary>
    public Func<BudgetHolder, bool>? MayRecord => Caller is null || Caller.Role == Roles.MinistryAdmin ? null : h => BudgetAccess.Manages(Caller, h);

    public override string ToString() => $"TreasuryImportRequest {{ FileName = {FileName}, FiscalYear = {FiscalYear} }}";
}

/// <summary>
/// Imports a treasury export's execution lines (commitments and payments) end to end through the platform's import pipeline (adr/0009,
/// adr/0025, adr/0033): read any format, clean, find each line's holder, line, source, account and entry, decide every line in file order
/// with the module's own decisions against the accounts as they stand and as the earlier lines left them (<see cref="TreasuryPlanner"/>),
/// then write in batches of one transaction each (<see cref="ImportRunner"/>): the entries appended to their accounts' streams through a
/// Marten session enlisted in the batch's transaction, with the version each account is expected to have — so the inline projections
/// (<see cref="BudgetAccountView"/> and the ledger, with the events' own sequence numbers) are fed exactly as by a command, and a command
/// recording on one of the accounts meanwhile fails the batch instead of letting the two overspend together — and the report's rows; after
/// each commit <see cref="BudgetChangedV1"/> leaves through the outbox. The same file again writes nothing and returns the same report; an
/// interrupted import resumes after its last batch, deciding the rest against the accounts as they stand then.
/// </summary>
public sealed partial class TreasuryImporter(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ImportRows rows,
    ImportRunner runner,
    LedgerEntries ledger,
    IServiceScopeFactory scopes,
    ILogger<TreasuryImporter> logger)
{
    private static readonly Guid ImportNamespace = Guid.Parse("b8c1f4d2-6e3a-4f95-a0d7-2c9e5b81f3a6");

    /// <summary>How many times an import resumes by itself after a batch lost a race with a command on one of its accounts.</summary>
    public const int Attempts = 3;

    public static Guid ImportIdOf(string jurisdiction, int fiscalYear, string sha256, string? scope) => scope is null
        ? ImportIds.Of(ImportNamespace, jurisdiction, fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), sha256)
        : ImportIds.Of(ImportNamespace, jurisdiction, fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), sha256, scope);

    public static Guid ImportIdOf(TreasuryImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ImportIdOf(request.Context.Jurisdiction, request.FiscalYear, ImportIds.Sha256(request.Content),
            request.MayRecord is null ? null : request.Caller!.ScopeKey);
    }

    /// <param name="progress">Told the rows done so far after each batch.</param>
    public async Task<TreasuryImportReport> ImportAsync(TreasuryImportRequest request, CancellationToken ct, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(request, ct, progress);
            }
            catch (Exception e) when (Conflict(e) && attempt < Attempts)
            {
                // A command recorded on an account between planning and writing: the batch rolled back whole; resume and decide again.
                LogResumed(logger, ImportIdOf(request), attempt);
            }
            catch (Exception e) when (Conflict(e))
            {
                throw new CommandRejectedException(ErrorCodes.ConcurrencyConflict, "file", $"Accounts of this file kept changing while it was " +
                    $"written ({Attempts} attempts); the lines written so far stand. Send the same file again to import the rest.");
            }
        }
    }

    private async Task<TreasuryImportReport> RunAsync(TreasuryImportRequest request, CancellationToken ct, IProgress<int>? progress)
    {
        var tenant = request.Context.Jurisdiction;
        var importId = ImportIdOf(request);
        request = request with { Context = request.Context with { CorrelationId = "import-" + importId.ToString("N") } };
        var started = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(tenant, importId, async ct =>
        {
            FiscalYearView year;
            BudgetChartView chart;
            List<BudgetSchool> schools;
            await using (var query = store.QuerySession(tenant))
            {
                year = Open(await query.LoadAsync<FiscalYearView>(FiscalYearView.IdFor(tenant, request.FiscalYear), ct), request.FiscalYear);
                chart = await query.LoadAsync<BudgetChartView>(BudgetChartView.IdFor(tenant), ct) ?? new BudgetChartView();
                schools = [.. await query.Query<BudgetSchool>().ToListAsync(ct)];
            }
            var sheet = TreasuryTemplate.Read(request.Content, request.FileName);
            var columns = TreasuryTemplate.Map(sheet, request.FileName);
            if (columns.Inferred.Count > 0) sheet = sheet with { Format = $"{sheet.Format}; {string.Join("; ", columns.Inferred)}" };
            var context = new TreasuryContext(tenant, year, chart, new TreasuryHolders(schools), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                request.MayRecord);
            var written = await WrittenAsync(tenant, importId, ct);
            var prepared = TreasuryPlanner.Prepare(sheet, columns, context, written);
            var plan = TreasuryPlanner.Decide(prepared, context, await SeedAsync(tenant, TreasuryPlanner.Named(prepared), ct));
            var import = new TreasuryImport
            {
                Id = importId,
                FileName = request.FileName,
                ContentSha256 = ImportIds.Sha256(request.Content),
                Actor = request.Context.Actor,
                StartedAt = clock.GetUtcNow(),
                FiscalYear = year.Year,
                Currency = year.Currency,
                // A resumed import's progress counts the batches written before it was interrupted.
                BatchesWritten = (written.Count + ImportBatches.Rows - 1) / ImportBatches.Rows,
            };
            import.Planned(sheet, columns.Ignored, plan);
            return new ImportPlan<TreasuryImport, PlannedEntry>(import, plan, p => p.Draft.Row);
        }, async (batch, alreadyWritten, import) =>
        {
            if (!alreadyWritten) await WriteBatchAsync(request.Context, import, batch, ct);
        }, progress, ct);

        var done = outcome.Import;
        if (!outcome.AlreadyComplete)
        {
            var s = done.Outcomes;
            LogImported(logger, importId, done.Rows, s.Imported, s.Duplicate, s.Rejected, s.Forbidden, started.Elapsed.TotalMilliseconds);
        }
        return await ReportAsync(tenant, done, ct);
    }

    /// <summary>The year lines are recorded in: open. A closed year takes corrections one by one, by the ministry, never a file.</summary>
    private static FiscalYearView Open(FiscalYearView? year, int number)
    {
        if (year is null) throw FiscalYearHandler.NotOpened(number);
        if (year.Closed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "fiscalYear", $"Fiscal year {year.Year} is closed ({year.ClosedReason}): " +
                "nothing is imported into it. A correction of a closed year is recorded one entry at a time by the ministry admin, with its reason.");
        }
        return year;
    }

    private async Task WriteBatchAsync(CommandContext context, TreasuryImport import, PlannedEntry[] batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        var imported = batch.Where(r => r.Status == TreasuryStatus.Imported).ToList();
        if (imported.Count > 0)
        {
            // Closed since the file was planned: the batch is not written (closing appends to the year, not to the accounts).
            Open(await write.Session.LoadAsync<FiscalYearView>(FiscalYearView.IdFor(write.Tenant, import.FiscalYear), ct), import.FiscalYear);
        }
        TreasuryImportWriter.Append(write, imported);
        await ImportRows.CopyAsync(write, import.Id, batch.Select(row => new ImportRowRecord(row.Draft.Row, row.Status, row.Holder?.SchoolCode,
            row.Holder?.Municipality, row.Status == TreasuryStatus.Imported ? row.EntryId : null, Result(row, import.Currency), null)), ct);
        if (imported.Count > 0 && write.Outbox is { } bus)
        {
            // Live figures learn of the new entries once the batch has committed.
            await bus.PublishAsync(new BudgetChangedV1(write.Tenant, import.FiscalYear, "execution_changed"));
        }
        import.BatchesWritten++;
        write.Session.Store(import);
        await write.CommitAsync(ct);
    }

    internal static TreasuryRowResult Result(PlannedEntry row, string yearCurrency) => new(row.Draft.Row, row.Status,
        ReportedEntry.Of(row, yearCurrency),
        row.Status == TreasuryStatus.Duplicate ? new DuplicateEntry(row.EntryId!.Value, row.DuplicateOfRow) : null,
        row.Draft.Corrections, row.Draft.Errors);

    /// <summary>
    /// The accounts, commitments and entries the file's lines name, as they stand (with what batches of this import wrote before an
    /// interruption: those lines are not decided again, and the rest see them as Emis has them).
    /// </summary>
    private async Task<TreasurySeed> SeedAsync(string tenant, (HashSet<Guid> Accounts, HashSet<Guid> Commitments, HashSet<Guid> Entries) named,
        CancellationToken ct)
    {
        var accounts = new Dictionary<Guid, BudgetAccountView>();
        await using (var query = store.QuerySession(tenant))
        {
            foreach (var chunk in named.Accounts.Chunk(10_000))
            {
                foreach (var account in await query.LoadManyAsync<BudgetAccountView>(ct, chunk)) accounts[account.Id] = account;
            }
        }
        var commitments = await ledger.CommitmentsAsync(tenant, named.Commitments, ct);
        var recorded = (await ledger.RecordedAsync(tenant, named.Entries, ct))
            .ToDictionary(e => e.Key, e => new RecordedEntry(e.Value.Kind, e.Value.Amount, null));
        return new TreasurySeed(accounts, commitments, recorded);
    }

    /// <summary>The lines of this import written by an earlier, interrupted run: their stored status and entry.</summary>
    private async Task<Dictionary<int, WrittenRow>> WrittenAsync(string tenant, Guid importId, CancellationToken ct)
    {
        var written = new Dictionary<int, WrittenRow>();
        await using var command = dataSource.CreateCommand(
            $"select row, status, learner_id from {store.Options.DatabaseSchemaName}.imp_rows where tenant_id = $1 and import_id = $2");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = importId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            written[reader.GetInt32(0)] = new WrittenRow(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
        }
        return written;
    }

    /// <summary>The stored report of an import: the document and every line's result, in file order.</summary>
    public async Task<TreasuryImportReport> ReportAsync(string tenant, TreasuryImport import, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(import);
        var results = await rows.ResultsAsync<TreasuryRowResult>(tenant, import.Id, import.Rows, ct);
        return new TreasuryImportReport(import.Id, import.FileName, import.FiscalYear, import.Currency, import.Status, import.Rows, import.Outcomes,
            results)
        {
            Format = import.Format,
            IgnoredColumns = import.IgnoredColumns,
        };
    }

    /// <summary>A batch lost a race with a command on one of its accounts: a stale expected version, or a deadlock between the two.</summary>
    private static bool Conflict(Exception? e) => e switch
    {
        null => false,
        JasperFx.ConcurrencyException => true,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } => true,
        AggregateException all => all.InnerExceptions.Any(Conflict),
        _ => Conflict(e.InnerException),
    };

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Treasury import {ImportId}: {Rows} lines, {Imported} imported, {Duplicate} duplicate, {Rejected} rejected, " +
        "{Forbidden} forbidden (done in {TotalMs:0} ms)")]
    private static partial void LogImported(
        ILogger logger, Guid importId, int rows, int imported, int duplicate, int rejected, int forbidden, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Treasury import {ImportId}: an account changed while a batch was written (attempt {Attempt}); resuming after the last batch")]
    private static partial void LogResumed(ILogger logger, Guid importId, int attempt);
}

/// <summary>Appends imported lines to their accounts' streams in a bulk write's transaction.</summary>
public static class TreasuryImportWriter
{
    /// <summary>
    /// Appends each account's new entries, in file order, through the write's Marten session (enlisted in its transaction), expecting the
    /// account at the version the planner decided against: the inline projections (<see cref="BudgetAccountProjection"/>, the ledger's
    /// <c>BudgetLedgerProjection</c>) run at commit exactly as for a command, and an account another writer changed meanwhile fails the
    /// commit (a concurrency exception: nothing of the batch is written). Nothing is opened: every line is on an existing account.
    /// </summary>
    public static void Append(BulkWrite write, IReadOnlyList<PlannedEntry> imported)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(imported);
        if (imported.Count == 0) return;
        write.Session.SetHeader(EventHeaders.Jurisdiction, write.Tenant);
        write.Session.SetHeader(EventHeaders.Actor, write.Context.Actor);
        write.Session.SetHeader(EventHeaders.Source, write.Context.Source);
        if (write.Context.Reason is { } reason) write.Session.SetHeader(EventHeaders.Reason, reason);
        foreach (var account in imported.GroupBy(r => r.Target!.Id))
        {
            // Marten's expected version is the stream's version once these events are appended.
            var events = account.Select(r => r.Event!).ToArray();
            write.Session.Events.Append(account.Key, account.Last().AccountVersion, events);
        }
    }
}
