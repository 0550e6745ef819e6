using System.Diagnostics;
using System.Globalization;
using Emis.Assets.Contracts;
using Emis.Assets.Figures;
using Emis.Assets.Infrastructure;
using Emis.Assets.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Marten;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>A device inventory to import into one jurisdiction.</summary>
/// <param name="MayImportInto">Which schools the caller may register devices at (null: every school, for the CLI and the ministry).</param>
/// <param name="Scope">What <paramref name="MayImportInto"/> stands for (the caller's scope key), part of the import's identity.</param>
public sealed record DeviceImportRequest(string FileName, byte[] Content, CommandContext Context, Func<AssetsSchool, bool>? MayImportInto = null,
    string? Scope = null)
{
    public override string ToString() => $"DeviceImportRequest {{ FileName = {FileName} }}";
}

/// <summary>
/// Imports a device inventory end to end through the platform's import pipeline (adr/0009, adr/0025, adr/0031): read any format, clean,
/// match schools and rooms, decide each registration as registerDevice does, hold serial numbers registered already for review, then
/// write in batches of one transaction each (<see cref="ImportRunner"/>): the devices' streams, their <see cref="DeviceView"/>s, their rows
/// of the asset figures (<see cref="AssetFactsStatements"/>, with the events' own sequence numbers) and the report's rows; after each
/// commit <see cref="AssetsChangedV1"/> leaves through the outbox. The same file again writes nothing and returns the same report; an
/// interrupted import resumes after its last batch.
/// </summary>
public sealed partial class DeviceImporter(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ImportRows rows,
    ImportRunner runner,
    IServiceScopeFactory scopes,
    ILogger<DeviceImporter> logger)
{
    private static readonly Guid ImportNamespace = Guid.Parse("5d2b8f61-9c4e-4a7d-b3e0-7a1c6f9e2d48");

    public static Guid ImportIdOf(string jurisdiction, string sha256, string? scope) =>
        scope is null ? ImportIds.Of(ImportNamespace, jurisdiction, sha256) : ImportIds.Of(ImportNamespace, jurisdiction, sha256, scope);

    /// <param name="progress">Told the rows done so far after each batch.</param>
    public async Task<DeviceImportReport> ImportAsync(DeviceImportRequest request, CancellationToken ct, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenant = request.Context.Jurisdiction;
        var sha256 = ImportIds.Sha256(request.Content);
        var importId = ImportIdOf(tenant, sha256, request.MayImportInto is null ? null : request.Scope);
        request = request with { Context = request.Context with { CorrelationId = "import-" + importId.ToString("N") } };
        var started = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(tenant, importId, async ct =>
        {
            var sheet = DeviceTemplate.Read(request.Content, request.FileName);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            List<AssetsSchool> schools;
            Dictionary<Guid, SchoolInfrastructureView> rooms;
            await using (var query = store.QuerySession(tenant))
            {
                schools = [.. await query.Query<AssetsSchool>().ToListAsync(ct)];
                rooms = (await query.Query<SchoolInfrastructureView>().ToListAsync(ct)).ToDictionary(r => r.SchoolId);
            }
            var matcher = new SchoolMatcher<AssetsSchool>(schools);
            var columns = DeviceTemplate.Map(sheet, request.FileName, matcher);
            if (columns.Inferred.Count > 0) sheet = sheet with { Format = $"{sheet.Format}; {string.Join("; ", columns.Inferred)}" };
            var known = await KnownDevicesAsync(tenant, importId, ct);
            var plan = DevicePlanner.Plan(tenant, sheet, columns, matcher, rooms, known, today, request.MayImportInto);
            var import = new DeviceImport
            {
                Id = importId,
                FileName = request.FileName,
                ContentSha256 = sha256,
                Actor = request.Context.Actor,
                StartedAt = clock.GetUtcNow(),
            };
            import.Planned(sheet, columns.Ignored, plan);
            return new ImportPlan<DeviceImport, PlannedDevice>(import, plan, p => p.Draft.Row);
        }, async (batch, alreadyWritten, import) =>
        {
            if (!alreadyWritten) await WriteBatchAsync(request.Context, import, batch, ct);
        }, progress, ct);

        var done = outcome.Import;
        if (!outcome.AlreadyComplete)
        {
            LogImported(logger, importId, done.Rows, done.Summary.Imported, done.Summary.Duplicate, done.Summary.Review, done.Summary.Rejected,
                started.Elapsed.TotalMilliseconds);
        }
        return await ReportAsync(tenant, done, ct);
    }

    private async Task WriteBatchAsync(CommandContext context, DeviceImport import, PlannedDevice[] batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        var imported = batch.Where(r => r.Status == RowStatus.Imported).Select(r => r.Registered!).ToList();
        await DeviceImportWriter.AppendAsync(write, imported, ct);
        await ImportRows.CopyAsync(write, import.Id, batch.Select(row => new ImportRowRecord(row.Draft.Row, row.Status, row.School?.Code,
            row.School?.Municipality, row.Status == RowStatus.Imported ? row.DeviceId : null, Result(row),
            row.Status == RowStatus.Review ? row.Draft : null)), ct);
        if (imported.Count > 0 && write.Outbox is { } bus)
        {
            // Live figures and the other modules learn of the new devices once the batch has committed.
            await bus.PublishAsync(new AssetsChangedV1(write.Tenant, [.. imported.Select(d => d.School.SchoolId).Distinct()], "device_changed"));
        }
        import.BatchesWritten++;
        write.Session.Store(import);
        await write.CommitAsync(ct);
    }

    internal static DeviceRowResult Result(PlannedDevice row)
    {
        var d = row.Draft;
        var device = new ReportedDevice(row.Status == RowStatus.Imported ? row.DeviceId : null, d.SerialNumber, d.Type?.ToString(), d.Make, d.Model,
            d.AcquiredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Cost, d.Currency, d.FundingSource,
            row.School?.Code ?? d.SchoolCodeText, d.RoomText, row.RoomId, DeviceHandler.Name(d.State));
        var candidates = row.Status == RowStatus.Review && row.School is null && row.SchoolCandidates.Count > 0
            ? row.SchoolCandidates.Select(c => new SchoolCandidate(c.School.Code, c.School.Name, c.Confidence)).ToList()
            : null;
        return new DeviceRowResult(d.Row, row.Status, device, row.Other, d.Corrections,
            row.Status == RowStatus.Review ? [.. d.Errors, .. d.Doubts] : [.. d.Errors])
        { Candidates = candidates };
    }

    /// <summary>
    /// The devices in Emis as a duplicate is named, by id; those this import registered in batches written before an interruption are left
    /// out, so that a resumed import plans its file as the first run did.
    /// </summary>
    private async Task<Dictionary<Guid, OtherDevice>> KnownDevicesAsync(string tenant, Guid importId, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var known = new Dictionary<Guid, OtherDevice>();
        await using var command = dataSource.CreateCommand($"""
            select d.id, d.data->>'SerialNumber', d.data->>'Type', d.data->>'Make', d.data->>'Model', d.data->>'SchoolCode'
            from {schema}.mt_doc_deviceview d
            where d.tenant_id = $1 and not exists (
              select 1 from {schema}.imp_rows r where r.tenant_id = $1 and r.import_id = $2 and r.learner_id = d.id)
            """);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = importId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(2);
            known[reader.GetGuid(0)] = new OtherDevice(reader.GetGuid(0), null, reader.GetString(1),
                int.TryParse(type, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? ((DeviceType)number).ToString() : type,
                reader.GetString(3), reader.GetString(4), reader.GetString(5));
        }
        return known;
    }

    /// <summary>The stored report of an import: the document and every row's result, in file order.</summary>
    public async Task<DeviceImportReport> ReportAsync(string tenant, DeviceImport import, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(import);
        var results = await rows.ResultsAsync<DeviceRowResult>(tenant, import.Id, import.Rows, ct);
        return new DeviceImportReport(import.Id, import.FileName, import.Status, import.Rows, import.Summary, results)
        {
            Format = import.Format,
            IgnoredColumns = import.IgnoredColumns,
        };
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Device import {ImportId}: {Rows} rows, {Imported} imported, {Duplicate} duplicate, {Review} for review, {Rejected} rejected " +
        "(done in {TotalMs:0} ms)")]
    private static partial void LogImported(
        ILogger logger, Guid importId, int rows, int imported, int duplicate, int review, int rejected, double totalMs);
}

/// <summary>Writes imported devices: their streams and every read model their events feed.</summary>
public static class DeviceImportWriter
{
    /// <summary>
    /// Starts the streams of imported devices in a bulk write, and writes what the inline projections would have written for their
    /// events. A <see cref="BulkWrite"/> bypasses Marten's inline projections: EVERY inline projection of device events registered in
    /// <c>AssetsModule.ConfigureAssets</c> must be fed here too — <see cref="DeviceView"/> (built with <see cref="DeviceProjection"/>'s own
    /// Create) and the asset figures' <c>ast_devices</c> (the inline projection's own <see cref="AssetFactsStatements"/>, run once the
    /// events are flushed so that they find their sequence numbers) — or imported devices are missing from them.
    /// </summary>
    public static async Task AppendAsync(BulkWrite write, IReadOnlyList<DeviceRegistered> devices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0) return;
        var views = new List<DeviceView>(devices.Count);
        foreach (var registered in devices)
        {
            write.StartStream<DeviceView>(registered.DeviceId, registered);
            var e = new Event<DeviceRegistered>(registered) { Version = 1, Timestamp = write.Now, StreamId = registered.DeviceId };
            e.SetHeader(EventHeaders.Actor, write.Context.Actor);
            views.Add(DeviceProjection.Create(e));
        }
        await write.CopyDocumentsAsync(views, v => v.Id, v => v.Version, AssetsModule.DeviceColumns, ct);
        await write.FlushEventsAsync(ct);
        var statements = new AssetFactsStatements(write.Schema, write.Schema);
        await using var sql = new NpgsqlBatch(write.Connection);
        foreach (var registered in devices)
        {
            var id = write.EventIdOf(registered.DeviceId, 1);
            foreach (var (text, args) in statements.For(write.Tenant, registered.DeviceId, id, registered))
            {
                var command = new NpgsqlBatchCommand(EventStatementReplay.Positional(text));
                foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
                sql.BatchCommands.Add(command);
            }
        }
        await sql.ExecuteNonQueryAsync(ct);
    }
}
