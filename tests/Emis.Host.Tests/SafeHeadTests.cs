using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// The safe head never passes a sequence number whose transaction is still open (a reader past it would miss that
/// event for ever), and does pass numbers whose transaction rolled back (or every reader would stall).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SafeHeadTests(EmisHostFixture host)
{
    private const string Jurisdiction = "safe-head";
    private static readonly Caller Admin = new("safe-admin", Roles.MinistryAdmin, Jurisdiction, null, null);

    [Fact]
    public async Task An_open_transaction_holds_the_head_below_its_event_until_it_commits()
    {
        var log = host.Services.GetRequiredService<EventLog>();
        await host.RegisterAsync(Admin, "SH-1", "Safe Head One", "Bihać");

        await using var open = new NpgsqlConnection(host.ConnectionString);
        await open.OpenAsync();
        await using var transaction = await open.BeginTransactionAsync();
        var held = await AppendRawAsync(open, transaction);

        // A later append commits while the earlier one is still open: its number is visible, the held one is not.
        await host.RegisterAsync(Admin, "SH-2", "Safe Head Two", "Bihać");
        var later = await LastSequenceAsync();
        Assert.True(later > held);

        // The delay is the rule under test: however long the number stays missing (here twice the settle time), the head
        // does not pass it while the transaction that took it is still open.
        await Task.Delay(SafeHead.Settle * 2);
        var head = await log.SafeHeadAsync(CancellationToken.None);
        Assert.Equal(held - 1, head);
        var read = await log.ReadAsync(new EventLogQuery(Jurisdiction), CancellationToken.None);
        Assert.DoesNotContain(read, e => e.Sequence >= held);

        await transaction.CommitAsync();
        head = await log.SafeHeadAsync(CancellationToken.None);
        Assert.True(head >= later, $"head {head} should reach {later} once the held transaction committed");
        read = await log.ReadAsync(new EventLogQuery(Jurisdiction), CancellationToken.None);
        Assert.Contains(read, e => e.Sequence == held);
        Assert.Contains(read, e => e.Sequence == later);
    }

    [Fact]
    public async Task A_rolled_back_append_leaves_a_gap_the_head_passes_once_it_is_settled()
    {
        var log = host.Services.GetRequiredService<EventLog>();
        long held;
        await using (var open = new NpgsqlConnection(host.ConnectionString))
        {
            await open.OpenAsync();
            await using var transaction = await open.BeginTransactionAsync();
            held = await AppendRawAsync(open, transaction);
            // Tracked: the other modules' handlers this registration sets off have finished too (each ran in a transaction
            // that began before the gap was seen, and would rightly hold the head back while it ran).
            await host.TrackedAsync(() => host.RegisterAsync(Admin, "SH-3", "Safe Head Three", "Cazin"));
            var during = await log.SafeHeadAsync(CancellationToken.None);
            Assert.True(during < held,
                $"head {during} passed the open append {held} (last {await LastSequenceAsync()}); running: {await RunningAsync()}");
            await transaction.RollbackAsync();
        }
        var later = await LastSequenceAsync();

        // The gap is noticed, then passed once it has been missing for the settle time with no older transaction running.
        // The delay is the rule under test: the settle time the gap must stay missing before the head passes it.
        await log.SafeHeadAsync(CancellationToken.None);
        await Task.Delay(SafeHead.Settle);
        var head = await log.SafeHeadAsync(CancellationToken.None);
        Assert.True(head >= later, $"head {head} should pass the rolled back number {held} and reach {later}; running: {await RunningAsync()}");
    }

    /// <summary>Appends one event by SQL in the caller's transaction, as an append in flight would, and returns its number.</summary>
    private static async Task<long> AppendRawAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var stream = Guid.NewGuid();
        await using (var command = new NpgsqlCommand(
            "insert into emis.mt_streams (tenant_id, id, type, version, timestamp, created) values ($1, $2, 'held', 1, now(), now())", connection,
                transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = stream });
            await command.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand("""
            insert into emis.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, headers)
            values (nextval('emis.mt_events_sequence'), $1, $2, 1, '{}', 'test.held', now(), $3, '{}') returning seq_id
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            command.Parameters.Add(new NpgsqlParameter { Value = stream });
            command.Parameters.Add(new NpgsqlParameter { Value = Jurisdiction });
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    private async Task<string> RunningAsync()
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(pid || ' ' || coalesce(application_name,'') || ' ' || state || ' ' || xact_start || ' ' || left(query, 80), ' | ') " +
            "from pg_stat_activity where backend_xid is not null", connection);
        return (await command.ExecuteScalarAsync())?.ToString() ?? "";
    }

    private async Task<long> LastSequenceAsync()
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select max(seq_id) from emis.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
