using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Platform.Events;

/// <summary>
/// Writes Marten documents by binary <c>COPY</c>, as Marten's own bulk insert writes them (tenant, id, JSON, last
/// modified, .NET type, version, and the duplicated columns the caller names), for documents that do not exist yet in
/// the table. Used by the importers' <see cref="BulkWrite"/> and by read-model rebuilds.
/// </summary>
public static class DocumentCopy
{
    /// <summary>Marten's table for a top-level document type (a wrong guess fails loudly: no such table).</summary>
    public static string TableName<T>() => "mt_doc_" + typeof(T).Name.ToLowerInvariant();

    public static async Task WriteAsync<T>(NpgsqlConnection connection, IDocumentStore store, string schema,
        IEnumerable<(string Tenant, T Document)> documents, Func<T, Guid> id, Func<T, long> version,
        IReadOnlyList<(string Column, NpgsqlDbType Type, Func<T, object?> Value)> duplicated, DateTimeOffset lastModified, CancellationToken ct)
        where T : notnull
    {
        var serializer = store.Options.Serializer();
        var dotnetType = typeof(T).FullName;
        var columns = string.Join(
            ", ", ["tenant_id", "id", "data", "mt_last_modified", "mt_dotnet_type", "mt_version", .. duplicated.Select(d => d.Column)]);
        await using var copy = await connection.BeginBinaryImportAsync($"copy {schema}.{TableName<T>()} ({columns}) from stdin (format binary)", ct);
        foreach (var (tenant, document) in documents)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(tenant, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(id(document), NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(serializer.ToJson(document), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(lastModified, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(version(document), NpgsqlDbType.Bigint, ct);
            foreach (var (_, type, value) in duplicated)
            {
                if (value(document) is { } v) await copy.WriteAsync(v, type, ct); else await copy.WriteNullAsync(ct);
            }
        }
        await copy.CompleteAsync(ct);
    }
}
