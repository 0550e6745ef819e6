using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Platform.Imports;

/// <summary>One row of an import as it is stored: its report line and, for a row held for review, what it kept to be imported later.</summary>
/// <param name="PersonId">The person the row registered or joined (the column keeps its first name, <c>learner_id</c>).</param>
public sealed record ImportRowRecord(int Row, string Status, string? SchoolCode, string? Municipality, Guid? PersonId, object Result, object? Kept)
{
    public override string ToString() => $"ImportRowRecord {{ Row = {Row}, Status = {Status} }}";
}

/// <summary>A stored row read back: its report line as <typeparamref name="TResult"/> and what it kept as <typeparamref name="TKept"/>.</summary>
public sealed record StoredImportRow<TResult, TKept>(string Status, string? SchoolCode, string? Municipality, Guid? PersonId, TResult Result,
    TKept? Kept)
    where TKept : class
{
    public override string ToString() => $"StoredImportRow {{ Status = {Status} }}";
}

/// <summary>
/// Every row of every import of people (<c>imp_rows</c>): its report line (JSON of the importer's own result type) and,
/// for a row held for review, its cleaned draft. Import ids are distinct per importer (each derives them in its own
/// namespace), so learners' and staff's rows share the table. The review queue reads it within the caller's scope.
/// </summary>
public sealed class ImportRows(IDocumentStore store, NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Schema => store.Options.DatabaseSchemaName;

    /// <summary>Adds the table to the store's schema, once however many importers ask.</summary>
    public static void Register(StoreOptions options)
    {
        if (options.Storage.ExtendedSchemaObjects.OfType<Table>().Any(t => t.Identifier.Name == "imp_rows")) return;
        options.Storage.ExtendedSchemaObjects.Add(Table(options.DatabaseSchemaName));
    }

    private static Table Table(string schema)
    {
        var rows = new Table(new PostgresqlObjectName(schema, "imp_rows", SchemaUtils.IdentifierUsage.General));
        rows.AddColumn<string>("tenant_id").AsPrimaryKey();
        rows.AddColumn<Guid>("import_id").AsPrimaryKey();
        rows.AddColumn<int>("row").AsPrimaryKey();
        rows.AddColumn<string>("status").NotNull();
        rows.AddColumn<string>("school_code").AllowNulls();
        rows.AddColumn<string>("municipality").AllowNulls();
        rows.AddColumn<Guid>("learner_id").AllowNulls();
        rows.AddColumn("result", "jsonb").NotNull();
        rows.AddColumn("draft", "jsonb").AllowNulls();
        rows.Indexes.Add(new IndexDefinition("ix_imp_rows_review") { Columns = ["tenant_id", "import_id", "row"], Predicate = "status = 'review'" });
        return rows;
    }

    /// <summary>The rows of the import already written (a resumed import skips their batches).</summary>
    public async Task<HashSet<int>> WrittenAsync(string tenant, Guid importId, CancellationToken ct)
    {
        var rows = new HashSet<int>();
        await using var command = dataSource.CreateCommand($"select row from {Schema}.imp_rows where tenant_id = $1 and import_id = $2");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = importId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(reader.GetInt32(0));
        return rows;
    }

    /// <summary>Every row's report line, in file order.</summary>
    public async Task<List<TResult>> ResultsAsync<TResult>(string tenant, Guid importId, int expected, CancellationToken ct)
    {
        var results = new List<TResult>(expected);
        await using var command = dataSource.CreateCommand(
            $"select result from {Schema}.imp_rows where tenant_id = $1 and import_id = $2 order by row");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = importId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) results.Add(JsonSerializer.Deserialize<TResult>(reader.GetString(0), Json)!);
        return results;
    }

    /// <summary>Writes a batch's rows by binary COPY inside the batch's transaction.</summary>
    public static async Task CopyAsync(BulkWrite write, Guid importId, IEnumerable<ImportRowRecord> rows, CancellationToken ct)
    {
        await using var copy = await write.Connection.BeginBinaryImportAsync(
            $"copy {write.Schema}.imp_rows (tenant_id, import_id, row, status, school_code, municipality, learner_id, result, draft) from stdin " +
            $"(format binary)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(write.Tenant, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.Row, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.Status, NpgsqlDbType.Varchar, ct);
            await Nullable(copy, row.SchoolCode, ct);
            await Nullable(copy, row.Municipality, ct);
            if (row.PersonId is { } person) await copy.WriteAsync(person, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
            await copy.WriteAsync(JsonSerializer.Serialize(row.Result, row.Result.GetType(), Json), NpgsqlDbType.Jsonb, ct);
            if (row.Kept is { } kept) await copy.WriteAsync(JsonSerializer.Serialize(kept, kept.GetType(), Json), NpgsqlDbType.Jsonb, ct);
            else await copy.WriteNullAsync(ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task Nullable(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);
    }

    /// <summary>
    /// A page of the import's rows in the caller's scope, in file order, optionally of some statuses only. A ministry
    /// admin sees every row, a municipality officer the rows of their municipality's schools, a school admin their
    /// school's; a row without a school only its importer (and the ministry admin).
    /// </summary>
    public async Task<Page<TResult>> PageAsync<TResult>(Caller caller, ImportDocument import, IReadOnlyCollection<string>? statuses, int offset,
        int pageSize, CancellationToken ct)
    {
        var where = "tenant_id = $1 and import_id = $2 and ($3::text[] is null or status = any($3)) and " + caller.Role switch
        {
            Roles.MinistryAdmin => "true",
            Roles.MunicipalityOfficer => "(municipality = $4 or (school_code is null and $5))",
            Roles.SchoolAdmin => "(school_code = $4 or (school_code is null and $5))",
            _ => "false",
        };
        NpgsqlCommand Command(string sql)
        {
            var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new() { Value = caller.Jurisdiction, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new() { Value = import.Id, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new()
            {
                Value = statuses is { Count: > 0 } ? statuses.ToArray() : DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text
            });
            if (caller.Role is Roles.MunicipalityOfficer or Roles.SchoolAdmin)
            {
                var scope = caller.Role == Roles.MunicipalityOfficer ? caller.Municipality : caller.NormalisedSchoolCode;
                command.Parameters.Add(new() { Value = (object?)scope ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new() { Value = import.Actor == caller.Subject, NpgsqlDbType = NpgsqlDbType.Boolean });
            }
            return command;
        }

        int total;
        await using (var count = Command($"select count(*) from {Schema}.imp_rows where {where}"))
        {
            total = (int)(long)(await count.ExecuteScalarAsync(ct))!;
        }
        if (pageSize == 0 || offset >= total) return new Page<TResult>([], offset, total);
        var nodes = new List<TResult>(Math.Min(pageSize, total - offset));
        await using (var page = Command($"select result from {Schema}.imp_rows where {where} order by row offset {offset} limit {pageSize}"))
        await using (var reader = await page.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) nodes.Add(JsonSerializer.Deserialize<TResult>(reader.GetString(0), Json)!);
        }
        return new Page<TResult>(nodes, offset, total);
    }

    /// <summary>One row of the import, locked for the transaction with <paramref name="forUpdate"/>; null when there is none.</summary>
    public async Task<StoredImportRow<TResult, TKept>?> RowAsync<TResult, TKept>(NpgsqlConnection connection, string tenant, Guid importId, int row,
        bool forUpdate, CancellationToken ct)
        where TKept : class
    {
        await using var command = new NpgsqlCommand($"""
            select status, school_code, municipality, learner_id, result, draft from {Schema}.imp_rows
            where tenant_id = $1 and import_id = $2 and row = $3 {(forUpdate ? "for update" : "")}
            """, connection);
        command.Parameters.Add(new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = importId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = row, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredImportRow<TResult, TKept>(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
            JsonSerializer.Deserialize<TResult>(reader.GetString(4), Json)!,
            reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<TKept>(reader.GetString(5), Json));
    }

    // What an erased row keeps: where it was and what became of it, not what it said.
    private static readonly HashSet<string> KeptAfterErasure = new(StringComparer.OrdinalIgnoreCase)
    {
        "row", "status", "learnerId", "staffId", "personId", "schoolCode", "municipality", "grade", "sex", "eduId",
    };

    /// <summary>
    /// Erases, through the session's transaction, what the jurisdiction's import reports say about a person: the rows that
    /// registered or joined them, or were found to be them, keep their row number, status, school and ids; every other
    /// value they held (names, birth date, contacts, corrections, problems quoting the file) reads as erased, and what a
    /// row held for review kept is dropped. Returns the number of rows.
    /// </summary>
    public async Task<int> EraseAsync(IDocumentSession session, Guid person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = new List<(Guid Import, int Row, string Result)>();
        await using (var command = new NpgsqlCommand($"""
            select import_id, row, result from {Schema}.imp_rows
            where tenant_id = $1 and (learner_id = $2 or result -> 'duplicateOf' ->> 'learnerId' = $3 or result -> 'duplicateOf' ->> 'personId' = $3
                  or result -> 'duplicateOf' ->> 'staffId' = $3)
            """, session.Connection))
        {
            command.Parameters.Add(new() { Value = session.TenantId, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new() { Value = person, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new() { Value = person.ToString(), NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }
        foreach (var (import, row, result) in rows)
        {
            var erased = JsonNode.Parse(result) is JsonObject data ? Erase(data).ToJsonString() : "{}";
            session.QueueSqlCommand($"update {Schema}.imp_rows set result = ?::jsonb, draft = null where tenant_id = ? and import_id = ? and row = ?",
                erased, session.TenantId, import, row);
        }
        return rows.Count;
    }

    private static JsonObject Erase(JsonObject data)
    {
        foreach (var (name, value) in data.ToList())
        {
            switch (value)
            {
                case JsonObject inner:
                    Erase(inner);
                    break;
                case JsonArray:
                    data[name] = new JsonArray();
                    break;
                case JsonValue v when !KeptAfterErasure.Contains(name) && v.GetValueKind() == JsonValueKind.String:
                    data[name] = JsonValue.Create(Privacy.PersonalDataConverter.ErasedText);
                    break;
            }
        }
        return data;
    }

    /// <summary>
    /// The people the import registered (rows imported, by the file or in review) after row <paramref name="afterRow"/>, in
    /// file order, at most <paramref name="take"/>: what reverting the import undoes, batch by batch.
    /// </summary>
    public async Task<IReadOnlyList<(int Row, Guid Person)>> RegisteredAsync(IDocumentSession session, Guid importId, int afterRow, int take,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var command = new NpgsqlCommand($"""
            select row, learner_id from {Schema}.imp_rows
            where tenant_id = $1 and import_id = $2 and status = $3 and learner_id is not null and row > $4
            order by row limit $5
            """, session.Connection);
        command.Parameters.Add(new() { Value = session.TenantId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = importId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = RowStatus.Imported, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = afterRow, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = take, NpgsqlDbType = NpgsqlDbType.Integer });
        var people = new List<(int, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) people.Add((reader.GetInt32(0), reader.GetGuid(1)));
        return people;
    }

    /// <summary>
    /// A row's new status, result and what it keeps (a row that may go back to review keeps its draft; others keep nothing),
    /// inside a review decision's transaction.
    /// </summary>
    public static async Task UpdateAsync(BulkWrite write, Guid importId, ImportRowRecord row, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(row);
        await using var update = new NpgsqlCommand($"""
            update {write.Schema}.imp_rows set status = $4, school_code = $5, municipality = $6, learner_id = $7, result = $8, draft = $9
            where tenant_id = $1 and import_id = $2 and row = $3
            """, write.Connection);
        update.Parameters.Add(new() { Value = write.Tenant, NpgsqlDbType = NpgsqlDbType.Varchar });
        update.Parameters.Add(new() { Value = importId, NpgsqlDbType = NpgsqlDbType.Uuid });
        update.Parameters.Add(new() { Value = row.Row, NpgsqlDbType = NpgsqlDbType.Integer });
        update.Parameters.Add(new() { Value = row.Status, NpgsqlDbType = NpgsqlDbType.Varchar });
        update.Parameters.Add(new() { Value = (object?)row.SchoolCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        update.Parameters.Add(new() { Value = (object?)row.Municipality ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        update.Parameters.Add(new() { Value = (object?)row.PersonId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        update.Parameters.Add(new() { Value = JsonSerializer.Serialize(row.Result, row.Result.GetType(), Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new()
        {
            Value = row.Kept is null ? DBNull.Value : JsonSerializer.Serialize(row.Kept, row.Kept.GetType(), Json),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        await update.ExecuteNonQueryAsync(ct);
    }
}
