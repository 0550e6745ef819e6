using System.Text.Json;
using Emis.Platform.Commands;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Platform.Events;

/// <summary>
/// One all-or-nothing write of many new streams, documents and rows, for importers: a single PostgreSQL transaction
/// on one connection. New streams go in with binary <c>COPY</c> (as Marten's own bulk appender writes them, but inside
/// this transaction), documents through a Marten session enlisted in the same transaction, plain rows through
/// <see cref="Connection"/>, and messages through Wolverine's outbox, sent only once the transaction has committed.
/// Inline projections do not see events written this way: the writer stores the read models itself (see adr/0009).
/// </summary>
public sealed class BulkWrite : IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly List<Staged> _streams = [];
    private readonly HashSet<Guid> _ids = [];
    private readonly Dictionary<(Guid Stream, long Version), long> _sequences = [];
    private readonly Dictionary<(Guid Stream, long Version), Guid> _eventIds = [];
    private int _written;
    private int _serialized;
    private Task? _serializing;
    private NpgsqlTransaction? _transaction;

    private BulkWrite(IDocumentStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession session,
        CommandContext context, DateTimeOffset now)
    {
        _store = store;
        Connection = connection;
        _transaction = transaction;
        Session = session;
        Context = context;
        Now = now;
    }

    /// <summary>The connection the whole write runs on; its transaction is already open.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>A Marten session in the same transaction, for documents and outbox messages.</summary>
    public IDocumentSession Session { get; }

    /// <summary>The transaction's start time: the timestamp of every event of this write, as the server would give it.</summary>
    public DateTimeOffset Now { get; }

    public string Tenant => Context.Jurisdiction;

    /// <summary>Where to publish messages that must leave only if this write commits (null: none can be sent).</summary>
    public IMessageBus? Outbox { get; private init; }

    public CommandContext Context { get; }

    public string Schema => _store.Options.DatabaseSchemaName;

    public static async Task<BulkWrite> BeginAsync(IDocumentStore store, NpgsqlDataSource dataSource, CommandContext context,
        IMartenOutbox? outbox, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            DateTimeOffset now;
            await using (var command = new NpgsqlCommand("select now()", connection, transaction))
            {
                now = ((DateTime)(await command.ExecuteScalarAsync(ct))!).ToUniversalTime();
            }

            var options = SessionOptions.ForTransaction(transaction, shouldAutoCommit: true);
            options.TenantId = context.Jurisdiction;
            var session = store.LightweightSession(options);
            session.CorrelationId = context.CorrelationId;
            // Messages published through the outbox are written to Wolverine's tables in this transaction and sent
            // after it commits, never before.
            outbox?.Enroll(session);
            return new BulkWrite(store, connection, transaction, session, context, now) { Outbox = outbox };
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a new stream with its first events (versions 1..n). The stream must not exist yet.</summary>
    public void StartStream<TAggregate>(Guid id, params object[] events)
    {
        if (!_ids.Add(id))
        {
            throw new InvalidOperationException($"Stream {id} ({typeof(TAggregate).Name}) is started twice in one bulk write.");
        }
        _streams.Add(new Staged(id, typeof(TAggregate), events));
    }

    /// <summary>
    /// Starts serializing the events of the streams staged so far on worker threads, their people's data keys made and
    /// committed first (adr/0024), while this write's connection goes on with other work: their JSON is ready when they
    /// are flushed. Events are written exactly as without it, in the order they were staged.
    /// </summary>
    public void SerializeAhead(CancellationToken ct)
    {
        if (_transaction is null) throw new InvalidOperationException("This bulk write is already committed.");
        if (_serialized == _streams.Count) return;
        var pending = _streams.GetRange(_serialized, _streams.Count - _serialized);
        _serialized = _streams.Count;
        var previous = _serializing ?? Task.CompletedTask;
        _serializing = SerializeAsync(previous, pending, ct);
    }

    /// <summary>
    /// Serializes the events of the streams staged so far (as <see cref="SerializeAhead"/>) and waits until their JSON is
    /// ready: an importer prepares its next batch this way while the previous batch is still being written.
    /// </summary>
    public async Task SerializeAsync(CancellationToken ct)
    {
        SerializeAhead(ct);
        if (_serializing is { } serializing) await serializing;
    }

    private async Task SerializeAsync(Task previous, List<Staged> pending, CancellationToken ct)
    {
        await previous;
        await Task.Yield();
        await PrepareKeysAsync(pending, ct);
        var serializer = _store.Options.Serializer();
        Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var events = pending[i].Events;
            var json = new string[events.Length];
            for (var v = 0; v < events.Length; v++) json[v] = serializer.ToJson(events[v]);
            pending[i].Json = json;
        });
    }

    // The people these events are about get their data keys first, in one statement (adr/0024).
    private Task PrepareKeysAsync(List<Staged> pending, CancellationToken ct) =>
        Privacy.PersonalDataEncryption.KeysOf(_store) is { } keys
            ? keys.PrepareAsync(Privacy.ErasableFields.PeopleOf(pending.SelectMany(s => s.Events)), ct)
            : Task.CompletedTask;

    private sealed class Staged(Guid id, Type aggregate, object[] events)
    {
        public Guid Id { get; } = id;
        public Type Aggregate { get; } = aggregate;
        public object[] Events { get; } = events;

        /// <summary>The events' JSON, once serialized ahead.</summary>
        public string[]? Json { get; set; }
    }


    /// <summary>
    /// Inserts new documents of this write's jurisdiction by binary <c>COPY</c> on this write's connection
    /// (<see cref="DocumentCopy"/>). An upsert per document through the session costs about a millisecond each: an
    /// import's profiles and accounts go this way.
    /// </summary>
    public Task CopyDocumentsAsync<T>(IReadOnlyList<T> documents, Func<T, Guid> id, Func<T, long> version,
        IReadOnlyList<(string Column, NpgsqlDbType Type, Func<T, object?> Value)> duplicated, CancellationToken ct) where T : notnull =>
        documents.Count == 0
            ? Task.CompletedTask
            : DocumentCopy.WriteAsync(Connection, _store, Schema, documents.Select(d => (Tenant, d)), id, version, duplicated, Now, ct);

    /// <summary>How many events this write will append.</summary>
    public int EventCount => _streams.Sum(s => s.Events.Length);

    /// <summary>
    /// Writes the streams staged so far into the event tables now (still inside this write's transaction), so that the
    /// read models written next can carry the events' sequence numbers (<see cref="SequenceOf"/>). Streams staged
    /// later are written by the next flush or by <see cref="CommitAsync"/>.
    /// </summary>
    public Task FlushEventsAsync(CancellationToken ct)
    {
        if (_transaction is null) throw new InvalidOperationException("This bulk write is already committed.");
        return CopyEventsAsync(ct);
    }

    /// <summary>The sequence number of a flushed event: stream and version (1 for the stream's first event).</summary>
    public long SequenceOf(Guid stream, long version) =>
        _sequences.TryGetValue((stream, version), out var sequence)
            ? sequence
            : throw new InvalidOperationException($"Event {version} of stream {stream} has not been written yet: flush the events first.");

    /// <summary>
    /// The id of a flushed event: stream and version. Statements that find an event's row by its id (<c>IEventStatements</c>)
    /// run on events written this way with it.
    /// </summary>
    public Guid EventIdOf(Guid stream, long version) =>
        _eventIds.TryGetValue((stream, version), out var id)
            ? id
            : throw new InvalidOperationException($"Event {version} of stream {stream} has not been written yet: flush the events first.");

    /// <summary>Appends the staged streams, saves the session's documents and commits; then the outbox sends.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is null) throw new InvalidOperationException("This bulk write is already committed.");
        await CopyEventsAsync(ct);
        // The session commits the transaction it was given (shouldAutoCommit) so that Wolverine's outbox, enrolled on
        // the session, sends only after the commit. A session with nothing to save would not commit: make sure it has.
        Session.QueueSqlCommand("select 1");
        await Session.SaveChangesAsync(ct);
        _transaction = null;
    }

    private async Task CopyEventsAsync(CancellationToken ct)
    {
        if (_written == _streams.Count) return;
        if (_serializing is { } serializing)
        {
            _serializing = null;
            await serializing;
        }
        var pending = _streams.GetRange(_written, _streams.Count - _written);
        _written = _streams.Count;
        _serialized = Math.Max(_serialized, _written);
        var schema = Schema;
        var total = pending.Sum(s => s.Events.Length);
        var sequences = new long[total];
        await using (var command = new NpgsqlCommand(
            $"select nextval('{schema}.mt_events_sequence') from generate_series(1, $1)", Connection, _transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = total });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var i = 0;
            while (await reader.ReadAsync(ct)) sequences[i++] = reader.GetInt64(0);
        }

        await PrepareKeysAsync([.. pending.Where(s => s.Json is null)], ct);
        var events = (Marten.Events.EventGraph)((StoreOptions)_store.Options).Events;
        var serializer = _store.Options.Serializer();
        var headers = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            [EventHeaders.Actor] = Context.Actor,
            [EventHeaders.Source] = Context.Source,
            [EventHeaders.Jurisdiction] = Context.Jurisdiction,
            [EventHeaders.Reason] = Context.Reason,
        }.Where(h => h.Value is not null).ToDictionary());

        await using (var streams = await Connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_streams (tenant_id, id, type, version, timestamp, created) from stdin (format binary)", ct))
        {
            foreach (var stream in pending)
            {
                var (id, aggregate, list) = (stream.Id, stream.Aggregate, stream.Events);
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(Tenant, NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                await streams.WriteAsync(events.AggregateAliasFor(aggregate), NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync((long)list.Length, NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
            }
            await streams.CompleteAsync(ct);
        }

        await using var rows = await Connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, " +
            "correlation_id, headers, is_archived) from stdin (format binary)", ct);
        var next = 0;
        foreach (var stream in pending)
        {
            var (id, list) = (stream.Id, stream.Events);
            for (var v = 0; v < list.Length; v++)
            {
                var data = list[v];
                var mapping = events.EventMappingFor(data.GetType());
                _sequences[(id, v + 1)] = sequences[next];
                var eventId = Guid.CreateVersion7();
                _eventIds[(id, v + 1)] = eventId;
                await rows.StartRowAsync(ct);
                await rows.WriteAsync(sequences[next++], NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(eventId, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync((long)(v + 1), NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(stream.Json?[v] ?? serializer.ToJson(data), NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(mapping.EventTypeName, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
                await rows.WriteAsync(Tenant, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(mapping.DotNetTypeName, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(Context.CorrelationId, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(headers, NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
        }
        await rows.CompleteAsync(ct);
    }

    /// <summary>Ends the write; one not committed is rolled back when its connection closes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Work started ahead for a write that did not get as far as flushing it: let it end before the write does.
            if (_serializing is { } serializing) await serializing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Session.DisposeAsync();
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
