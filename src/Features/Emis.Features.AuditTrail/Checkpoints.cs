using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Marten;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed class Checkpoints(IDocumentStore store, EventLog log, NpgsqlDataSource database, TimeProvider clock) : ICheckpointResolver
{
    public const int MaxNameLength = 200;

    /// <summary>Roles that may name a checkpoint.</summary>
    public static readonly string[] Namers = [Roles.MinistryAdmin, Roles.MinistryAnalyst];

    /// <summary>The sequence number a checkpoint name stands for in a jurisdiction, or null when there is no such name.</summary>
    public async Task<long?> ResolveAsync(string jurisdiction, string name, CancellationToken ct) =>
        (await GetAsync(jurisdiction, name, ct))?.Sequence;

    public async Task<NamedCheckpoint?> GetAsync(string jurisdiction, string name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        await using var session = store.QuerySession(jurisdiction);
        return await session.LoadAsync<NamedCheckpoint>(NamedCheckpoint.StreamIdOf(jurisdiction, name), ct);
    }

    /// <summary>The jurisdiction's checkpoints in sequence order (then name).</summary>
    public async Task<Page<NamedCheckpoint>> ListAsync(string jurisdiction, int offset, int pageSize, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var query = session.Query<NamedCheckpoint>();
        var total = await query.CountAsync(ct);
        if (pageSize == 0 || offset >= total) return new Page<NamedCheckpoint>([], offset, total);
        var nodes = await query.OrderBy(x => x.Sequence).ThenBy(x => x.Name).Skip(offset).Take(pageSize).ToListAsync(ct);
        return new Page<NamedCheckpoint>([.. nodes], offset, total);
    }

    /// <summary>
    /// Names a checkpoint. Without <paramref name="sequence"/> and <paramref name="asOf"/> it is the safe head now; with
    /// <paramref name="asOf"/> it is the jurisdiction's last event stamped at or before that instant.
    /// </summary>
    public async Task<CommandOutcome<NamedCheckpoint>> NameAsync(Caller caller, CommandContext context, string? name, long? sequence,
        DateTimeOffset? asOf, CancellationToken ct)
    {
        if (!Namers.Contains(caller.Role))
        {
            return Refused(
                ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not name checkpoints; ministry-admin and ministry-analyst may.");
        }
        var cleaned = NamedCheckpoint.Normalise(name ?? "");
        if (cleaned.Length == 0) return Refused(ErrorCodes.Required, "name", "Give the checkpoint a name, for example 'census day 2025-09-30'.");
        if (cleaned.Length > MaxNameLength) return Refused(ErrorCodes.Invalid, "name", $"A checkpoint name has at most {MaxNameLength} characters.");
        if (sequence is not null && asOf is not null) return Refused(ErrorCodes.Invalid, "asOf", "Give either sequence or asOf, not both.");

        var now = clock.GetUtcNow();
        var head = await log.SafeHeadAsync(ct);
        long at;
        DateTimeOffset instant;
        if (asOf is { } when)
        {
            if (when > now) return Refused(ErrorCodes.Invalid, "asOf", "asOf is in the future: events up to it may still be written.");
            at = await LastAtOrBeforeAsync(caller.Jurisdiction, when, head, ct);
            instant = when;
        }
        else if (sequence is { } given)
        {
            if (given < 0) return Refused(ErrorCodes.Invalid, "sequence", "A sequence number is not negative.");
            if (given > head) return Refused(ErrorCodes.Invalid, "sequence", $"Sequence {given} is beyond the event log's safe head ({head}).");
            at = given;
            instant = await TimestampOfLastAsync(caller.Jurisdiction, given, ct) ?? now;
        }
        else
        {
            at = head;
            instant = now;
        }

        var id = NamedCheckpoint.StreamIdOf(caller.Jurisdiction, cleaned);
        await using var session = store.LightweightSession(caller.Jurisdiction);
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return Duplicate(cleaned);
        session.CorrelationId = context.CorrelationId;
        session.SetHeader(EventHeaders.Jurisdiction, caller.Jurisdiction);
        session.SetHeader(EventHeaders.Actor, context.Actor);
        session.SetHeader(EventHeaders.Source, context.Source);
        if (!string.IsNullOrWhiteSpace(context.Reason)) session.SetHeader(EventHeaders.Reason, context.Reason);
        session.Events.StartStream<NamedCheckpoint>(id, new CheckpointNamed(id, cleaned, at, instant));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsCollision(e))
        {
            return Duplicate(cleaned); // named by someone else at the same moment
        }
        return new CommandOutcome<NamedCheckpoint>(await GetAsync(caller.Jurisdiction, cleaned, ct), []);
    }

    private static CommandOutcome<NamedCheckpoint> Duplicate(string name) =>
        Refused(ErrorCodes.Duplicate, "name", $"A checkpoint named '{name}' already exists in this jurisdiction; names are unique.");

    private static CommandOutcome<NamedCheckpoint> Refused(string code, string? field, string message) =>
        new(null, [new UserError(code, field, message)]);

    private static bool IsCollision(Exception? e) => e switch
    {
        null => false,
        Marten.Exceptions.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => IsCollision(e.InnerException),
    };

    private async Task<long> LastAtOrBeforeAsync(string jurisdiction, DateTimeOffset when, long head, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select coalesce(max(seq_id), 0) from {log.Schema}.mt_events where tenant_id = $1 and timestamp <= $2 and seq_id <= $3");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = when.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = head });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<DateTimeOffset?> TimestampOfLastAsync(string jurisdiction, long sequence, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select timestamp from {log.Schema}.mt_events where tenant_id = $1 and seq_id <= $2 order by seq_id desc limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return await command.ExecuteScalarAsync(ct) is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
    }
}
