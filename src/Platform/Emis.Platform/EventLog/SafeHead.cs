using Npgsql;

namespace Emis.Platform.EventLog;

/// <summary>
/// The highest event sequence number below which no event can still appear. Sequence numbers are taken when a
/// transaction appends, but transactions commit in any order: while a transaction that took number 100 is still open,
/// number 101 may already be visible. A reader that moved past 101 would never see 100. So readers that promise
/// "nothing missed" (the partner feed, webhooks, the events subscription, hash-chain checkpoints) read only up to this
/// head.
/// <para>
/// The head advances over visible numbers one by one. At a missing number it stops, notes the database time and the
/// next visible number, and moves past the missing ones only once every transaction that was already running at that
/// moment has ended (<c>pg_stat_activity</c>): the number's owner is then either committed (and the number visible) or
/// rolled back (and the number never used). Numbers missing for good (rolled back appends) therefore cost one check,
/// never a stall. See adr/0011.
/// </para>
/// </summary>
public sealed class SafeHead(NpgsqlDataSource database, string schema)
{
    /// <summary>How long a missing number must stay missing before the check for old transactions is made.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _gate = new(1, 1);
    // Numbers start at 1; a fresh process walks the log once (an index-only scan, about a second per million events).
    private long _head;
    private Gap? _gap;
    private long _settled;

    private sealed record Gap(long First, long Last, DateTime SeenAt);

    /// <summary>The current safe head (0 when the log is empty).</summary>
    public async Task<long> GetAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            for (var round = 0; round < 100; round++)
            {
                var (visible, now) = await VisibleAfterAsync(connection, _head, ct);
                var expected = _head + 1;
                var i = 0;
                while (true)
                {
                    if (i < visible.Count && visible[i] == expected)
                    {
                        expected++;
                        i++;
                    }
                    else if (i < visible.Count && visible[i] > expected && expected <= _settled)
                    {
                        expected++; // missing, and its owner is known to have ended: never used
                    }
                    else
                    {
                        break;
                    }
                }
                _head = expected - 1;
                if (i == visible.Count)
                {
                    // Everything visible is contiguous. A full page means there is more to read.
                    if (visible.Count < PageSize) return _head;
                    continue;
                }

                // Number `expected` is missing, with visible[i] already committed.
                if (_gap is null || _gap.First != expected)
                {
                    // Every number missing below the last visible one was taken before that one committed: one settle covers them all.
                    _gap = new Gap(expected, visible[^1] - 1, now);
                    return _head;
                }
                if (now - _gap.SeenAt < Settle || await OlderTransactionsRunningAsync(connection, _gap.SeenAt, ct)) return _head;
                // Every transaction that could own a number up to the gap's end has ended. Read again (one may have
                // committed just before the check) and pass over those still missing: they will never be used.
                _settled = _gap.Last;
                _gap = null;
            }
            return _head;
        }
        finally
        {
            _gate.Release();
        }
    }

    private const int PageSize = 50_000;

    private async Task<(List<long> Visible, DateTime Now)> VisibleAfterAsync(NpgsqlConnection connection, long after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select seq_id, clock_timestamp() from {schema}.mt_events where seq_id > $1 order by seq_id limit {PageSize}", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        var visible = new List<long>();
        var now = DateTime.MinValue;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                visible.Add(reader.GetInt64(0));
                now = reader.GetDateTime(1);
            }
        }
        if (visible.Count == 0)
        {
            await using var clock = new NpgsqlCommand("select clock_timestamp()", connection);
            now = (DateTime)(await clock.ExecuteScalarAsync(ct))!;
        }
        return (visible, now);
    }

    private static async Task<bool> OlderTransactionsRunningAsync(NpgsqlConnection connection, DateTime seenAt, CancellationToken ct)
    {
        // Transactions that have written (have an xid) and began before the gap was seen: one of them may own it.
        await using var command = new NpgsqlCommand("""
            select exists (select 1 from pg_stat_activity
                           where datname = current_database() and pid <> pg_backend_pid()
                             and backend_xid is not null and xact_start < $1)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = seenAt });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
