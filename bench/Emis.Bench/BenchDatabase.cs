using System.Security.Cryptography;
using Npgsql;

namespace Emis.Bench;

/// <summary>
/// Every benchmark runs in a database of its own, created on the given server and dropped afterwards (kept when
/// <c>EMIS_BENCH_KEEP=1</c>, to look at what it wrote).
/// </summary>
internal static class BenchDatabase
{
    /// <summary>Creates a fresh database, runs <paramref name="run"/> with its connection string and name, then drops it.</summary>
    public static async Task<int> RunInFreshAsync(string server, Func<string, string, Task<int>> run)
    {
        var database = "emis_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"create database {database}");
        try
        {
            return await run(connection, database);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("EMIS_BENCH_KEEP") == "1")
            {
                Console.WriteLine($"kept database {database} (EMIS_BENCH_KEEP=1); drop it with: drop database {database} with (force)");
            }
            else
            {
                await ExecuteAsync(admin, $"drop database if exists {database} with (force)");
                Console.WriteLine($"dropped database {database}");
            }
        }
    }

    /// <summary>Runs one statement on its own connection.</summary>
    public static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
