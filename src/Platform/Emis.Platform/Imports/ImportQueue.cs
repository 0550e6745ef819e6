using System.Text.Json;
using Emis.Platform.Auth;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Platform.Imports;

/// <summary>A file accepted for import and not imported yet, with who sent it.</summary>
public sealed record QueuedImport(string Kind, string Tenant, Guid ImportId, string FileName, string SchoolYear, byte[]? Content, Caller Caller,
    DateTimeOffset QueuedAt, string? Failure)
{
    public override string ToString() => $"QueuedImport {{ Kind = {Kind}, ImportId = {ImportId} }}";
}

/// <summary>
/// How far an import is: QUEUED (or FAILED, with the reason) while its file waits, then RUNNING, then COMPLETED; REVERTING
/// and REVERTED once the ministry reverts it.
/// </summary>
public sealed record ImportProgress(Guid ImportId, string Status, string File, int Rows, int RowsWritten, ImportSummary? Summary, string? Format,
    string? Failure, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public const string Queued = "QUEUED";
    public const string Failed = "FAILED";

    /// <summary>Whether nothing more will change (COMPLETED or FAILED).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Final => Status is ImportStatus.Completed or ImportStatus.Reverted or Failed;
}

/// <summary>
/// Files accepted by <c>POST /api/imports/…</c> with <c>Prefer: respond-async</c>, kept in <c>imp_queue</c> until their
/// import has run: the request is answered <c>202 Accepted</c> at once, and a durable message runs the import on any
/// node, after a crash too (the import resumes after its last written batch, adr/0009). The file — children's personal
/// data — is deleted as soon as the import has run; a file that cannot be imported keeps only the reason.
/// </summary>
public sealed class ImportQueue(IDocumentStore store, NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Table => $"{store.Options.DatabaseSchemaName}.imp_queue";

    public static void Register(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage.ExtendedSchemaObjects.OfType<Table>().Any(t => t.Identifier.Name == "imp_queue")) return;
        var queue = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "imp_queue", SchemaUtils.IdentifierUsage.General));
        queue.AddColumn<string>("tenant_id").AsPrimaryKey();
        queue.AddColumn<Guid>("import_id").AsPrimaryKey();
        queue.AddColumn<string>("kind").NotNull();
        queue.AddColumn<string>("file_name").NotNull();
        queue.AddColumn<string>("school_year").NotNull();
        queue.AddColumn("content", "bytea").AllowNulls();
        queue.AddColumn("caller", "jsonb").NotNull();
        queue.AddColumn("queued_at", "timestamptz").NotNull();
        queue.AddColumn<string>("failure").AllowNulls();
        options.Storage.ExtendedSchemaObjects.Add(queue);
    }

    /// <summary>Keeps the file until its import runs (a file sent again while queued replaces nothing).</summary>
    public async Task EnqueueAsync(string kind, Guid importId, UploadedFile upload, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var insert = dataSource.CreateCommand($"""
            insert into {Table} (tenant_id, import_id, kind, file_name, school_year, content, caller, queued_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (tenant_id, import_id) do update set content = excluded.content, failure = null where {Table}.content is null
            """);
        insert.Parameters.Add(new() { Value = upload.Caller.Jurisdiction });
        insert.Parameters.Add(new() { Value = importId });
        insert.Parameters.Add(new() { Value = kind });
        insert.Parameters.Add(new() { Value = upload.FileName });
        insert.Parameters.Add(new() { Value = upload.SchoolYear });
        insert.Parameters.Add(new() { Value = upload.Content, NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(upload.Caller, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new() { Value = now });
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<QueuedImport?> FindAsync(string tenant, Guid importId, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand($"""
            select kind, file_name, school_year, content, caller, queued_at, failure from {Table} where tenant_id = $1 and import_id = $2
            """);
        select.Parameters.Add(new() { Value = tenant });
        select.Parameters.Add(new() { Value = importId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new QueuedImport(reader.GetString(0), tenant, importId, reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3), JsonSerializer.Deserialize<Caller>(reader.GetString(4), Json)!,
            reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    /// <summary>
    /// The progress of an import the caller may see: its document once it runs (<see cref="ImportDocument.VisibleTo"/>),
    /// its queued file before (to who sent it, and the ministry admin); null when there is neither or the caller may not see it.
    /// </summary>
    public async Task<ImportProgress?> ProgressAsync<TDocument>(string kind, Caller caller, Guid id, CancellationToken ct)
        where TDocument : ImportDocument
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using (var session = store.QuerySession(caller.Jurisdiction))
        {
            if (await session.LoadAsync<TDocument>(id, ct) is { } import && import.VisibleTo(caller))
            {
                return new ImportProgress(id, import.Status, import.FileName, import.Rows, import.RowsWritten, import.Summary, import.Format, null,
                    import.StartedAt, import.CompletedAt);
            }
        }
        return await FindAsync(caller.Jurisdiction, id, ct) is { } queued && queued.Kind == kind
            && (queued.Caller.Subject == caller.Subject || caller.Role == Roles.MinistryAdmin)
            ? new ImportProgress(id, queued.Failure is null ? ImportProgress.Queued : ImportProgress.Failed, queued.FileName, 0, 0, null, null,
                queued.Failure, null, null)
            : null;
    }

    /// <summary>
    /// Keeps the file and publishes the message that runs its import (<paramref name="run"/>, for the import's id); returns the id.
    /// </summary>
    public async Task<Guid> QueueAsync(string kind, Guid importId, UploadedFile upload, Wolverine.IMessageBus bus, Func<Guid, object> run,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(run);
        await EnqueueAsync(kind, importId, upload, now, ct);
        await bus.PublishAsync(run(importId));
        return importId;
    }

    /// <summary>The import ran: the file goes.</summary>
    public async Task DoneAsync(string tenant, Guid importId, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand($"delete from {Table} where tenant_id = $1 and import_id = $2");
        delete.Parameters.Add(new() { Value = tenant });
        delete.Parameters.Add(new() { Value = importId });
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Runs a queued import with the importer (<paramref name="import"/>: the file, who sent it, the context to write
    /// with), then lets the file go; a file that cannot be imported keeps only the reason. A message that comes again after
    /// the import ran finds nothing and does nothing; one that comes after a crash resumes the import (adr/0009).
    /// </summary>
    public async Task RunAsync(string tenant, Guid importId, Func<QueuedImport, byte[], Commands.CommandContext, CancellationToken, Task> import,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(import);
        if (await FindAsync(tenant, importId, ct) is not { Content: { } content } queued) return;
        var context = new Commands.CommandContext(tenant, queued.Caller.Subject, Commands.Sources.Import, "import-" + importId.ToString("N"));
        try
        {
            await import(queued, content, context, ct);
        }
        catch (UnreadableFileException unreadable)
        {
            await FailedAsync(tenant, importId, $"{unreadable.Code}: {unreadable.Message}", ct);
            return;
        }
        catch (Commands.CommandRejectedException rejected)
        {
            await FailedAsync(tenant, importId, string.Join(" ", rejected.Errors.Select(e => $"{e.Field}: {e.Message}")), ct);
            return;
        }
        await DoneAsync(tenant, importId, ct);
    }

    /// <summary>The file cannot be imported: the reason stays for whoever asks, the file goes.</summary>
    public async Task FailedAsync(string tenant, Guid importId, string failure, CancellationToken ct)
    {
        await using var update = dataSource.CreateCommand($"update {Table} set content = null, failure = $3 where tenant_id = $1 and import_id = $2");
        update.Parameters.Add(new() { Value = tenant });
        update.Parameters.Add(new() { Value = importId });
        update.Parameters.Add(new() { Value = failure });
        await update.ExecuteNonQueryAsync(ct);
    }
}
