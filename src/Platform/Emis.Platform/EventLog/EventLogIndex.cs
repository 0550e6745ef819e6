using Marten;
using Npgsql;

namespace Emis.Platform.EventLog;

public sealed class EventLogIndex(NpgsqlDataSource database, IDocumentStore store) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = database.CreateCommand(
                $"create index if not exists ix_mt_events_tenant_seq on {store.Options.DatabaseSchemaName}.mt_events (tenant_id, seq_id)");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
