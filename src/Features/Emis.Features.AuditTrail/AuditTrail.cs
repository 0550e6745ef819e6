using System.Globalization;
using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using GraphQL;
using Marten;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed class AuditTrail(
    EventLog log, Pseudonymiser pseudonymiser, StreamVisibility visibility, NpgsqlDataSource database, IDocumentStore store)
{
    private readonly IReadOnlyDictionary<string, Type> _types = EventTypes.Of(store);

    /// <summary>Roles that may list the jurisdiction's events.</summary>
    public static readonly string[] EventReaders = [Roles.MinistryAdmin, Roles.MinistryAnalyst];

    /// <summary>
    /// Every event of one entity's stream in sequence order, or null when the entity does not exist in the caller's
    /// jurisdiction or lies outside their scope (the two answers are the same, so nothing leaks).
    /// </summary>
    public async Task<AuditPage?> HistoryAsync(Caller caller, Guid entityId, int first, long after, CancellationToken ct)
    {
        if (caller.Role == Roles.Partner)
        {
            // Stored events are not a contract; partners read the public event feed, whose shapes are.
            throw new ExecutionError("Partners read the public event feed, not the audit trail.") { Code = "FORBIDDEN" };
        }
        if (!await visibility.CanSeeAsync(caller, entityId, ct)) return null;
        var events = await log.ReadAsync(new EventLogQuery(caller.Jurisdiction, after, first + 1, StreamIds: [entityId], Settled: false), ct);
        if (events.Count == 0 && after == 0) return null;
        return await PageAsync(caller, events, first, after > 0,
            token => CountAsync(caller.Jurisdiction, new AuditFilter(StreamId: entityId), token), ct);
    }

    /// <summary>The jurisdiction's events matching the filter, oldest first (or newest first), for the ministry.</summary>
    public async Task<AuditPage> EventsAsync(Caller caller, AuditFilter filter, int first, long after, bool newestFirst, CancellationToken ct)
    {
        if (!EventReaders.Contains(caller.Role))
        {
            throw new ExecutionError($"The role '{caller.Role}' may not list the event log; it is for ministry-admin and ministry-analyst.")
            {
                Code = "FORBIDDEN",
            };
        }
        if (filter.Types is { Count: > 0 } types && types.FirstOrDefault(t => !_types.ContainsKey(t)) is { } unknown)
        {
            throw new ExecutionError($"filter.types: '{unknown}' is not an event type (for example 'enrollment.learner_enrolled').")
            {
                Code = "INVALID_ARGUMENT",
            };
        }
        if (filter.From is { } from && filter.To is { } to && to < from)
        {
            throw new ExecutionError("filter.to: must not be before filter.from.") { Code = "INVALID_ARGUMENT" };
        }
        var actor = await ActorFilterAsync(caller, filter.Actor, ct);
        if (filter.Actor is not null && actor is null) return AuditPage.Empty;
        var query = new EventLogQuery(caller.Jurisdiction, after, first + 1, filter.Types,
            filter.StreamId is { } stream ? [stream] : null, actor, filter.From, filter.To, Descending: newestFirst);
        var events = await log.ReadAsync(query, ct);
        var resolved = filter with { Actor = actor };
        return await PageAsync(caller, events, first, after > 0, token => CountAsync(caller.Jurisdiction, resolved, token), ct);
    }

    /// <summary>The event as this caller may see it.</summary>
    public async Task<AuditEvent> ShowAsync(StoredEvent e, bool personalData, CancellationToken ct)
    {
        var data = personalData ? pseudonymiser.Reveal(e) : await pseudonymiser.RedactAsync(e, ct);
        var actor = personalData || e.Actor is null ? e.Actor : await ActorPseudonymAsync(e.Jurisdiction, e.Actor, ct);
        // The reason is free text; on an event about a person it is about that person (a withdrawal note, why a mark was
        // corrected), so it is personal data like the event's own personal fields.
        var reason = personalData || !pseudonymiser.ConcernsPerson(e.Type) ? pseudonymiser.RevealReason(e) : null;
        return new AuditEvent(e.Sequence, e.Id, e.StreamId, e.Version, e.Type, e.Timestamp, e.Jurisdiction, actor, reason, e.Source,
            e.CorrelationId, e.CausationId, data, !personalData);
    }

    /// <summary>
    /// Who made a change identifies a member of staff: callers without personal data see a stable pseudonym, so they can
    /// still follow one actor through the log. The <c>system</c> actor is not a person and stays as it is.
    /// </summary>
    public Task<string> ActorPseudonymAsync(string jurisdiction, string actor, CancellationToken ct) =>
        IsSystemActor(actor)
            ? Task.FromResult(actor)
            : pseudonymiser.PseudonymAsync(jurisdiction, "actor", actor, ct);

    private async Task<AuditPage> PageAsync(Caller caller, IReadOnlyList<StoredEvent> events, int first, bool hasPrevious,
        Func<CancellationToken, Task<int>> count, CancellationToken ct)
    {
        var nodes = new List<AuditEvent>(Math.Min(events.Count, first));
        foreach (var e in events.Take(first)) nodes.Add(await ShowAsync(e, caller.SeesPersonalData, ct));
        return new AuditPage(nodes, events.Count > first, hasPrevious, count);
    }

    /// <summary>
    /// The actor to filter on: as given, or, for a caller who sees actors only as pseudonyms, the actor whose pseudonym
    /// it is (null when none in the jurisdiction has it).
    /// </summary>
    private async Task<string?> ActorFilterAsync(Caller caller, string? actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(actor)) return null;
        if (!actor.StartsWith("pseud:", StringComparison.Ordinal))
        {
            if (caller.SeesPersonalData || IsSystemActor(actor)) return actor;
            // Looking up a named person's changes would undo the pseudonyms.
            throw new ExecutionError("filter.actor: you see actors as pseudonyms; filter by the pseudonym shown to you ('pseud:…').")
            {
                Code = "INVALID_ARGUMENT",
            };
        }
        await using var command = database.CreateCommand(
            $"select distinct headers ->> 'actor' from {log.Schema}.mt_events where tenant_id = $1 and headers ? 'actor'");
        command.Parameters.Add(new NpgsqlParameter { Value = caller.Jurisdiction });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var candidate = reader.GetString(0);
            if (await ActorPseudonymAsync(caller.Jurisdiction, candidate, ct) == actor) return candidate;
        }
        return null;
    }

    private static bool IsSystemActor(string actor) => actor == "system";

    /// <summary>How many events match, up to the safe head: counted only when a client asks for <c>totalCount</c>.</summary>
    private async Task<int> CountAsync(string jurisdiction, AuditFilter filter, CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        await using var command = database.CreateCommand();
        var sql = new StringBuilder($"select count(*) from {log.Schema}.mt_events where tenant_id = $1 and seq_id <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = head });
        // The same conditions as EventLog.ReadAsync, so the count and the pages agree.
        void Where(string condition, object value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
            sql.Append(" and ").Append(
                condition.Replace("@", "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        if (filter.Types is { Count: > 0 } types) Where("type = any(@)", types.ToArray());
        if (filter.StreamId is { } stream) Where("stream_id = @", stream);
        if (filter.Actor is { } actor) Where("headers ->> 'actor' = @", actor);
        if (filter.From is { } from) Where("timestamp >= @", from.ToUniversalTime());
        if (filter.To is { } to) Where("timestamp < @", to.ToUniversalTime());
        command.CommandText = sql.ToString();
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }
}
