using System.Data;
using System.Text;
using Emis.Platform.ReadModels;
using Npgsql;

namespace Emis.Features.Rebuild;

public sealed class ReadModelVerifier(ReadModelRebuilder rebuilder, NpgsqlDataSource database)
{
    public const string DefaultShadowSchema = "emis_shadow";

    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<IReadModel> models, string shadowSchema, int examplesPerTable,
        IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var upTo = await rebuilder.HeadAsync(connection, transaction, ct);
        var rebuilds = new List<RebuildResult>();
        var tables = new List<TableComparison>();
        foreach (var model in models)
        {
            rebuilds.Add(await rebuilder.RebuildShadowAsync(model, connection, transaction, shadowSchema, upTo, progress, ct));
            foreach (var table in model.Tables)
            {
                tables.Add(await CompareAsync(connection, transaction, model.Name, table, rebuilder.Schema, shadowSchema, examplesPerTable, ct));
            }
        }
        // The shadow tables stay for inspection until the next verification replaces them.
        await transaction.CommitAsync(ct);
        return new VerificationReport(upTo, rebuilds, tables);
    }

    private static async Task<TableComparison> CompareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string model, ReadModelTable table,
        string live, string shadow, int examples, CancellationToken ct)
    {
        var join = string.Join(" and ", table.Key.Select(k => $"l.{k} = r.{k}"));
        var changed = string.Join(" or ", table.Compared.Select(c => $"l.{c} is distinct from r.{c}"));
        var from = $"{live}.{table.Name} l full join {shadow}.{table.Name} r on {join}";
        var first = table.Key[0];

        static long Count(NpgsqlDataReader r, int i) => r.GetInt64(i);
        long liveRows, rebuiltRows, changedRows, missingLive, missingRebuilt;
        await using (var command = new NpgsqlCommand($"""
            select count(l.{first}), count(r.{first}),
                   count(*) filter (where l.{first} is not null and r.{first} is not null and ({changed})),
                   count(*) filter (where l.{first} is null), count(*) filter (where r.{first} is null)
            from {from}
            """, connection, transaction) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (liveRows, rebuiltRows, changedRows, missingLive, missingRebuilt) =
                (Count(reader, 0), Count(reader, 1), Count(reader, 2), Count(reader, 3), Count(reader, 4));
        }

        var differences = new List<RowDifference>();
        if (changedRows + missingLive + missingRebuilt > 0 && examples > 0)
        {
            var select = new StringBuilder("select ");
            select.Append(string.Join(", ", table.Key.Select(k => $"coalesce(l.{k}, r.{k})::text")));
            select.Append(", l.").Append(first).Append(" is null, r.").Append(first).Append(" is null");
            foreach (var c in table.Compared)
            {
                select.Append($", l.{c} is distinct from r.{c}, ").Append(Shown(c, table, "l", "r")).Append(", ").Append(Shown(c, table, "r", "l"));
            }
            select.Append($" from {from} where l.{first} is null or r.{first} is null or ({changed})");
            select.Append(" order by ").Append(string.Join(", ", table.Key.Select(k => $"coalesce(l.{k}, r.{k})")));
            select.Append($" limit {examples}");
            await using var command = new NpgsqlCommand(select.ToString(), connection, transaction) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = string.Join(", ", table.Key.Select((k, i) => $"{k}={reader.GetString(i)}"));
                var n = table.Key.Count;
                if (reader.GetBoolean(n)) { differences.Add(new RowDifference(key, null, null, "(row)")); continue; }
                if (reader.GetBoolean(n + 1)) { differences.Add(new RowDifference(key, null, "(row)", null)); continue; }
                for (var c = 0; c < table.Compared.Count; c++)
                {
                    var at = n + 2 + c * 3;
                    if (!reader.GetBoolean(at)) continue;
                    differences.Add(new RowDifference(key, table.Compared[c],
                        reader.IsDBNull(at + 1) ? null : reader.GetString(at + 1), reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2)));
                }
            }
        }
        return new TableComparison(model, table.Name, liveRows, rebuiltRows, changedRows, missingLive, missingRebuilt, differences);
    }

    /// <summary>
    /// How a value is shown in a difference: as text, except JSON documents (which hold names and birth dates), shown as
    /// the list of their top-level properties that differ, and columns declared personal, withheld.
    /// </summary>
    private static string Shown(string column, ReadModelTable table, string side, string other)
    {
        if (table.PersonalColumns.Contains(column)) return $"case when {side}.{column} is null then null else '(withheld)' end";
        if (column == "data")
        {
            return $"""
                (select 'properties differing: ' || string_agg(coalesce(a.key, b.key), ', ' order by coalesce(a.key, b.key))
                 from jsonb_each({side}.{column}) a full join jsonb_each({other}.{column}) b on a.key = b.key
                 where a.value is distinct from b.value)
                """;
        }
        return $"{side}.{column}::text";
    }
}
