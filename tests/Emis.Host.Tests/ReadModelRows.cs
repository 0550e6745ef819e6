using Emis.Platform.ReadModels;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>A read model's rows as text, for comparing the live tables with a rebuild's.</summary>
public static class ReadModelRows
{
    /// <summary>Every compared column of every table of a read model, as text, in key order.</summary>
    public static async Task<List<string>> OfAsync(string connectionString, IReadModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in model.Tables)
        {
            var columns = string.Join(" || '|' || ", table.Key.Concat(table.Compared).Select(c => $"coalesce({c}::text, '∅')"));
            await using var command = new NpgsqlCommand(
                $"select '{table.Name}|' || {columns} from emis.{table.Name} order by {string.Join(", ", table.Key)}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
