using Emis.Platform.ReadModels;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Emis.Enrollment.Statistics;

/// <summary>
/// Brings a database from before the sequence columns (adr/0013) up to date before Marten's migration runs: Weasel
/// refuses to add a NOT NULL column to a table holding rows. The columns are added empty, the statistics are rebuilt
/// from the events (which fills them), then made NOT NULL. Does nothing on a fresh or an up-to-date database; a run
/// interrupted half-way is finished by the next start.
/// </summary>
public sealed class StatisticsSequenceUpgrade(IServiceProvider services) : IHostedLifecycleService
{
    private static readonly string[] Tables = ["enr_spells", "att_marks"];

    // Marten migrates in its activator's StartingAsync: this runs in the same phase, registered before it.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<NpgsqlDataSource>();
        var schema = services.GetRequiredService<IDocumentStore>().Options.DatabaseSchemaName;
        await using var command = database.CreateCommand("""
            select count(*) filter (where c.column_name is null or c.is_nullable = 'YES')
            from unnest($2::text[]) as t(name)
            join information_schema.tables it on it.table_schema = $1 and it.table_name = t.name
            left join information_schema.columns c on c.table_schema = $1 and c.table_name = t.name and c.column_name = 'from_seq'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = Tables });
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0) return;

        foreach (var table in Tables)
        {
            await using var add = database.CreateCommand(
                $"alter table {schema}.{table} add column if not exists from_seq bigint, add column if not exists to_seq bigint");
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        var statistics = services.GetServices<IReadModel>().OfType<StatisticsReadModel>().Single();
        await services.GetRequiredService<IReadModelRebuilder>().RebuildLiveAsync(statistics, cancellationToken);
        foreach (var table in Tables)
        {
            await using var required = database.CreateCommand($"alter table {schema}.{table} alter column from_seq set not null");
            await required.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
