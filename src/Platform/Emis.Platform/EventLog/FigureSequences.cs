using Marten;
using Npgsql;

namespace Emis.Platform.EventLog;

/// <summary>A sequence number asked for that is not (yet) certain to be complete (adr/0013).</summary>
public sealed class FigureSequenceNotSettledException(long sequence, long head)
    : Exception($"Sequence {sequence} is not settled yet (every event up to {head} is).");

/// <summary>
/// The event sequence number a figure is computed at (adr/0013): as asked (once the event log's safe head has reached it,
/// waiting up to 3 s); as of an instant, the jurisdiction's last event stamped at or before it; live, the jurisdiction's greatest
/// visible number. The same number gives the same figures.
/// </summary>
public sealed class FigureSequences(NpgsqlDataSource database, IDocumentStore store, EventLogPulse log)
{
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3);

    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<long> ResolveAsync(string jurisdiction, DateTimeOffset? asOf, long? asOfSequence, CancellationToken ct)
    {
        if (asOfSequence is { } asked)
        {
            await SettleAsync(asked, ct);
            return asked;
        }
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(asOf is null
            ? $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1"
            : $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1 and timestamp <= $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        if (asOf is { } instant) command.Parameters.Add(new NpgsqlParameter { Value = instant.ToUniversalTime() });
        return await command.ExecuteScalarAsync(ct) is long sequence ? sequence : 0;
    }

    private async Task SettleAsync(long sequence, CancellationToken ct)
    {
        if (await log.HeadAsync(ct) >= sequence) return;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(SettleWait);
        try
        {
            await log.WaitBeyondAsync(sequence - 1, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FigureSequenceNotSettledException(sequence, await log.HeadAsync(ct));
        }
    }
}
