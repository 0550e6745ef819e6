using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Features.Partners.Webhooks;

public sealed class WebhookStore(NpgsqlDataSource database, IDocumentStore store)
{
    public const string SubscriptionsTable = "webhook_subscriptions";
    public const string DeadLettersTable = "webhook_dead_letters";

    private readonly string _schema = store.Options.DatabaseSchemaName;

    private string Subscriptions => $"{_schema}.{SubscriptionsTable}";
    private string DeadLetters => $"{_schema}.{DeadLettersTable}";

    public static IEnumerable<Table> Definitions(string schema)
    {
        var subscriptions = new Table(new PostgresqlObjectName(schema, SubscriptionsTable, SchemaUtils.IdentifierUsage.General));
        subscriptions.AddColumn<Guid>("id").AsPrimaryKey();
        subscriptions.AddColumn("tenant_id", "text").NotNull().AddIndex();
        subscriptions.AddColumn("owner", "text").NotNull();
        subscriptions.AddColumn("owner_role", "text").NotNull();
        subscriptions.AddColumn("url", "text").NotNull();
        subscriptions.AddColumn("types", "text[]").NotNull();
        subscriptions.AddColumn("personal_data", "boolean").NotNull();
        subscriptions.AddColumn("secret", "text").NotNull();
        subscriptions.AddColumn("state", "text").NotNull();
        subscriptions.AddColumn("created", "timestamptz").NotNull();
        subscriptions.AddColumn("cursor", "bigint").NotNull();
        subscriptions.AddColumn("attempts", "integer").NotNull().DefaultValue(0);
        subscriptions.AddColumn("retry_at", "timestamptz").AllowNulls();
        subscriptions.AddColumn("last_error", "text").AllowNulls();
        subscriptions.AddColumn("last_status", "integer").AllowNulls();
        subscriptions.AddColumn("last_attempt_at", "timestamptz").AllowNulls();
        subscriptions.AddColumn("delivered", "bigint").NotNull().DefaultValue(0L);
        subscriptions.AddColumn("last_delivered_at", "timestamptz").AllowNulls();
        subscriptions.AddColumn("lease_token", "uuid").AllowNulls();
        subscriptions.AddColumn("lease_until", "timestamptz").AllowNulls();
        // Added with issue 20: defaults let existing databases migrate (existing subscriptions keep envelope 1, no previous secret).
        subscriptions.AddColumn("envelope", "integer").NotNull().DefaultValue(1);
        subscriptions.AddColumn("previous_secret", "text").AllowNulls();
        subscriptions.AddColumn("previous_secret_until", "timestamptz").AllowNulls();

        var deadLetters = new Table(new PostgresqlObjectName(schema, DeadLettersTable, SchemaUtils.IdentifierUsage.General));
        deadLetters.AddColumn<Guid>("subscription_id").AsPrimaryKey();
        deadLetters.AddColumn("sequence", "bigint").AsPrimaryKey();
        deadLetters.AddColumn<Guid>("event_id").NotNull();
        deadLetters.AddColumn("type", "text").NotNull();
        deadLetters.AddColumn("parked_at", "timestamptz").NotNull();
        deadLetters.AddColumn("attempts", "integer").NotNull();
        deadLetters.AddColumn("last_error", "text").AllowNulls();
        return [subscriptions, deadLetters];
    }

    private const string Columns = """
        s.id, s.tenant_id, s.owner, s.owner_role, s.url, s.types, s.personal_data, s.state, s.created, s.cursor, s.attempts,
        s.retry_at, s.last_error, s.last_status, s.last_attempt_at, s.delivered, s.last_delivered_at,
        (select count(*) from {0} d where d.subscription_id = s.id), s.envelope,
        case when s.previous_secret_until > now() then s.previous_secret_until end
        """;

    public async Task InsertAsync(WebhookSubscription subscription, string secret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var command = database.CreateCommand($"""
            insert into {Subscriptions}
                (id, tenant_id, owner, owner_role, url, types, personal_data, secret, state, created, cursor, attempts, delivered, envelope)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 0, $12)
            """);
        Add(command, subscription.Id, subscription.Jurisdiction, subscription.Owner, subscription.OwnerRole, subscription.Url,
            subscription.Types.ToArray(), subscription.PersonalData, secret, subscription.State, subscription.Created.ToUniversalTime(),
                subscription.Cursor, subscription.Envelope);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The jurisdiction's subscriptions, oldest first; only the owner's when <paramref name="owner"/> is given.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string jurisdiction, string? owner, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select {string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, DeadLetters)} from {Subscriptions} s
            where s.tenant_id = $1 and ($2::text is null or s.owner = $2) order by s.created, s.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)owner ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadAsync(command, ct);
    }

    public async Task<WebhookSubscription?> GetAsync(string jurisdiction, Guid id, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select {string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, DeadLetters)} from {Subscriptions} s
            where s.tenant_id = $1 and s.id = $2
            """);
        Add(command, jurisdiction, id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var letters = new NpgsqlCommand($"delete from {DeadLetters} where subscription_id = $1", connection, transaction);
        Add(letters, id);
        await letters.ExecuteNonQueryAsync(ct);
        await using var subscription = new NpgsqlCommand($"delete from {Subscriptions} where id = $1", connection, transaction);
        Add(subscription, id);
        var deleted = await subscription.ExecuteNonQueryAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        return deleted;
    }

    /// <summary>Switches the envelope deliveries are rendered in, from the next event sent.</summary>
    public async Task<bool> SetEnvelopeAsync(Guid id, int envelope, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"update {Subscriptions} set envelope = $2 where id = $1");
        Add(command, id, envelope);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Replaces the signing secret. The secret it replaces stays valid, as the previous one, for <paramref name="overlap"/>
    /// (deliveries are signed with both meanwhile); a zero overlap drops it at once. A previous secret still in its overlap is
    /// dropped: there is at most one previous secret.
    /// </summary>
    public async Task<bool> RotateSecretAsync(Guid id, string secret, TimeSpan overlap, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            update {Subscriptions} set previous_secret = case when $3 > 0 then secret end,
                   previous_secret_until = case when $3 > 0 then now() + make_interval(secs => $3) end, secret = $2
            where id = $1
            """);
        Add(command, id, secret, overlap.TotalSeconds);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>A parked or disabled subscription becomes active again; its cursor still stands before the first parked event.</summary>
    public async Task<bool> ResumeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var update = new NpgsqlCommand($"""
            update {Subscriptions} set state = '{WebhookStates.Active}', attempts = 0, retry_at = null, last_error = null
            where id = $1 and state in ('{WebhookStates.Parked}', '{WebhookStates.Disabled}')
            """, connection, transaction);
        Add(update, id);
        var resumed = await update.ExecuteNonQueryAsync(ct) == 1;
        if (resumed)
        {
            await using var clear = new NpgsqlCommand($"delete from {DeadLetters} where subscription_id = $1", connection, transaction);
            Add(clear, id);
            await clear.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return resumed;
    }

    public async Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(Guid id, int limit, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select sequence, event_id, type, parked_at, attempts, last_error from {DeadLetters}
            where subscription_id = $1 order by sequence limit $2
            """);
        Add(command, id, limit);
        var letters = new List<WebhookDeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            letters.Add(new WebhookDeadLetter(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), Utc(reader.GetDateTime(3)),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return letters;
    }

    /// <summary>
    /// Takes the delivery lease of a subscription that is active or failing and not leased by a live owner, and (unless
    /// <paramref name="ignoreRetryAt"/>, for the scheduled retry itself) not waiting for a scheduled retry. Null when not taken.
    /// A previous secret whose overlap has ended is cleared on the way.
    /// </summary>
    public async Task<WebhookClaim?> ClaimAsync(Guid id, Guid token, TimeSpan lease, bool ignoreRetryAt, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            update {Subscriptions} set lease_token = $2, lease_until = now() + make_interval(secs => $3),
                   previous_secret = case when previous_secret_until > now() then previous_secret end,
                   previous_secret_until = case when previous_secret_until > now() then previous_secret_until end
            where id = $1 and state in ('{WebhookStates.Active}', '{WebhookStates.Failing}')
              and (lease_until is null or lease_until < now())
              and ($4 or retry_at is null or retry_at <= now())
            returning tenant_id, url, types, personal_data, secret, cursor, attempts, envelope, previous_secret, previous_secret_until
            """);
        Add(command, id, token, lease.TotalSeconds, ignoreRetryAt);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new WebhookClaim(id, token, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3),
            reader.GetString(4), reader.GetInt64(5), reader.GetInt32(6), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)));
    }

    /// <summary>
    /// Moves the cursor to <paramref name="sequence"/> under the lease (and renews it): after 2xx answers up to that event
    /// (<paramref name="status"/> the last one's, <paramref name="delivered"/> how many), or, without a status, past events
    /// the subscription does not take. False when the lease was lost.
    /// </summary>
    public async Task<bool> AdvanceAsync(WebhookClaim claim, long sequence, int? status, int delivered, TimeSpan lease, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var command = database.CreateCommand(status is not null
            ? $"""
              update {Subscriptions} set cursor = greatest(cursor, $3), attempts = 0, state = '{WebhookStates.Active}', retry_at = null,
                     last_error = null, last_status = $5, last_attempt_at = now(), delivered = delivered + $6, last_delivered_at = now(),
                     lease_until = now() + make_interval(secs => $4)
              where id = $1 and lease_token = $2
              """
            : $"""
              update {Subscriptions} set cursor = greatest(cursor, $3), lease_until = now() + make_interval(secs => $4)
              where id = $1 and lease_token = $2
              """);
        Add(command, claim.Id, claim.Token, sequence, lease.TotalSeconds);
        if (status is { } code) Add(command, code, delivered);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives the lease up (best effort: an expired lease ends by itself).</summary>
    public async Task ReleaseAsync(WebhookClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var command = database.CreateCommand(
            $"update {Subscriptions} set lease_token = null, lease_until = null where id = $1 and lease_token = $2");
        Add(command, claim.Id, claim.Token);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The statement recording a failed attempt with its retry time, lease given up, as Marten's <c>QueueSqlCommand</c>
    /// takes it (<c>?</c> placeholders): id, token, attempts, delay in seconds, last error, last status (0: no answer).
    /// Queued on the handler's session so that it commits with the scheduled retry message, or not at all.
    /// </summary>
    public string FailedSql => $"""
        update {Subscriptions} set state = '{WebhookStates.Failing}', attempts = ?, retry_at = now() + make_interval(secs => ?),
               last_error = ?, last_status = nullif(?, 0), last_attempt_at = now(), lease_token = null, lease_until = null
        where id = ? and lease_token = ?
        """;

    /// <summary>The retry budget ran out: the pending events are parked and the subscription paused, in one transaction.</summary>
    public async Task ParkAsync(WebhookClaim claim, string state, int attempts, string error, int? status,
        IReadOnlyList<(long Sequence, Guid EventId, string Type)> pending, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(pending);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var update = new NpgsqlCommand($"""
            update {Subscriptions} set state = $3, attempts = $4, retry_at = null, last_error = $5, last_status = nullif($6, 0),
                   last_attempt_at = now(), lease_token = null, lease_until = null
            where id = $1 and lease_token = $2
            """, connection, transaction);
        Add(update, claim.Id, claim.Token, state, attempts, error, status ?? 0);
        if (await update.ExecuteNonQueryAsync(ct) != 1)
        {
            await transaction.RollbackAsync(ct);
            return;
        }
        if (pending.Count > 0)
        {
            await using var insert = new NpgsqlCommand($"""
                insert into {DeadLetters} (subscription_id, sequence, event_id, type, parked_at, attempts, last_error)
                select $1, p.sequence, p.event_id, p.type, now(), case when p.sequence = $5 then $6 else 0 end,
                       case when p.sequence = $5 then $7 else null end
                from unnest($2::bigint[], $3::uuid[], $4::text[]) as p(sequence, event_id, type)
                on conflict (subscription_id, sequence) do update set attempts = excluded.attempts, last_error = excluded.last_error
                """, connection, transaction);
            Add(insert, claim.Id, pending.Select(p => p.Sequence).ToArray(), pending.Select(p => p.EventId).ToArray(),
                pending.Select(p => p.Type).ToArray(), pending[0].Sequence, attempts, error);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Subscriptions that have events of their jurisdiction at or below <paramref name="head"/> past their cursor, are
    /// active or failing with their retry overdue by a minute (the scheduled retry should have come), with whether a live
    /// lease holds them.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, bool Leased)>> BehindAsync(long head, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select s.id, coalesce(s.lease_until > now(), false) from {Subscriptions} s
            where s.state in ('{WebhookStates.Active}', '{WebhookStates.Failing}') and s.cursor < $1
              and (s.retry_at is null or s.retry_at < now() - interval '1 minute')
              and exists (select 1 from {_schema}.mt_events e where e.tenant_id = s.tenant_id and e.seq_id > s.cursor and e.seq_id <= $1)
            """);
        Add(command, head);
        var behind = new List<(Guid, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) behind.Add((reader.GetGuid(0), reader.GetBoolean(1)));
        return behind;
    }

    private static async Task<IReadOnlyList<WebhookSubscription>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new WebhookSubscription(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetBoolean(6), reader.GetString(7), Utc(reader.GetDateTime(8)), reader.GetInt64(9),
                reader.GetInt32(10), reader.IsDBNull(11) ? null : Utc(reader.GetDateTime(11)), reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetInt32(13), reader.IsDBNull(14) ? null : Utc(reader.GetDateTime(14)), reader.GetInt64(15),
                reader.IsDBNull(16) ? null : Utc(reader.GetDateTime(16)), reader.GetInt64(17), reader.GetInt32(18),
                reader.IsDBNull(19) ? null : Utc(reader.GetDateTime(19))));
        }
        return result;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
}
