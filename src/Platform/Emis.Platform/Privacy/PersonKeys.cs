using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Platform.Privacy;

/// <summary>
/// Every person's own data key (AES-256), kept outside the event log in <c>prv_person_keys</c>: the events hold their
/// personal fields encrypted with it, and erasing the person deletes it (crypto-shredding, adr/0024). A key is written
/// and committed before anything is encrypted with it, so that no stored event ever depends on a key that was rolled
/// back. Keys are wrapped with the installation's master key (<c>Emis:Privacy:MasterKey</c>, base64 of 32 bytes) when one
/// is configured, so that a copy of the table alone reads nothing.
/// </summary>
public sealed class PersonKeys
{
    public const string TableName = "prv_person_keys";

    /// <summary>Keys read ahead, in the order they were made, when one is missing from memory (rebuilds read in that order).</summary>
    public const int ReadAhead = 2_000;

    private const int CacheLimit = 500_000;
    private static readonly byte[] Erased = [];

    private readonly NpgsqlDataSource _database;
    private readonly string _table;
    private readonly byte[]? _master;
    private readonly ConcurrentDictionary<Guid, Entry> _cache = new();
    private readonly long _lifetime;

    public PersonKeys(NpgsqlDataSource database, IConfiguration configuration, string schema = "emis")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _database = database;
        _table = $"{schema}.{TableName}";
        _master = configuration["Emis:Privacy:MasterKey"] is { Length: > 0 } master ? MasterKey(master) : null;
        // Another node's erasure deletes the key in the database; a key held here is read again after this long, so every
        // node stops opening an erased person's fields within it.
        var seconds = int.TryParse(configuration["Emis:Privacy:KeyCacheSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? s
            : 60;
        _lifetime = Stopwatch.Frequency * Math.Max(0, seconds);
    }

    public static Table Table(string schema)
    {
        var keys = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        keys.AddColumn<Guid>("person_id").AsPrimaryKey();
        keys.AddColumn("n", "bigserial").NotNull();
        keys.AddColumn("key", "bytea").NotNull();
        keys.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        keys.Indexes.Add(new IndexDefinition($"ix_{TableName}_n") { Columns = ["n"] });
        return keys;
    }

    /// <summary>The person's key; null when they have none (erased, or never written with one).</summary>
    public byte[]? Find(Guid person)
    {
        if (Held(person) is { } known) return known.Length == 0 ? null : known;
        Load(person);
        return _cache.TryGetValue(person, out var loaded) && loaded.Key.Length > 0 ? loaded.Key : null;
    }

    /// <summary>The person's key, made and committed first when they have none yet.</summary>
    public byte[] GetOrCreate(Guid person)
    {
        if (Find(person) is { } key) return key;
        Create([person]);
        return Find(person) ?? throw new InvalidOperationException("A person's data key could not be stored.");
    }

    /// <summary>Makes and commits, in one statement, the keys the given people do not have yet (bulk writers call it first).</summary>
    public async Task PrepareAsync(IEnumerable<Guid> people, CancellationToken ct)
    {
        var missing = people.Where(p => Held(p) is not { Length: > 0 }).Distinct().ToArray();
        if (missing.Length == 0) return;
        // Someone known here to have no key is only read again (as before: they may have one by now).
        var keyless = missing.Where(p => Held(p) is not null).ToArray();
        if (keyless.Length > 0) await LoadAsync(keyless, ct);
        missing = [.. missing.Where(p => Held(p) is null)];
        if (missing.Length == 0) return;
        // One statement for the others: the keys it stores come back and are held; a person who had a key already (stored
        // earlier, or by another writer first) keeps it, and it is read afterwards.
        var stored = new HashSet<Guid>();
        await using (var insert = Insert(missing, returning: true))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var person = reader.GetGuid(0);
                Remember(person, reader.GetFieldValue<byte[]>(1));
                stored.Add(person);
            }
        }
        if (stored.Count < missing.Length) await LoadAsync([.. missing.Where(p => !stored.Contains(p))], ct);
    }

    /// <summary>
    /// Queues the deletion of the person's key in the session's transaction (it is gone for everyone once that commits),
    /// and from now on reads the person's fields here as erased; <see cref="Forget(Guid)"/> undoes that when the session
    /// does not commit.
    /// </summary>
    public void Destroy(Marten.IDocumentSession session, Guid person)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.QueueSqlCommand($"delete from {_table} where person_id = ?", person);
        _cache[person] = new Entry(Erased, long.MaxValue);
    }

    /// <summary>Whether the person has a key (false once erased).</summary>
    public async Task<bool> ExistsAsync(Guid person, CancellationToken ct)
    {
        await using var command = _database.CreateCommand($"select exists (select 1 from {_table} where person_id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = person });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Forgets one person's key held in memory: the next read asks the database.</summary>
    public void Forget(Guid person) => _cache.TryRemove(person, out _);

    private void Create(Guid[] people)
    {
        using (var insert = Insert(people))
        {
            insert.ExecuteNonQuery();
        }
        _cache.TryRemove(people[0], out _);
        Load(people[0]);
    }

    // New keys for the people, in id order (concurrent writers lock rows in one order); a key stored first by another writer stays.
    private NpgsqlCommand Insert(Guid[] people, bool returning = false)
    {
        var insert = _database.CreateCommand(
            $"insert into {_table} (person_id, key) select * from unnest($1, $2) order by 1 on conflict (person_id) do nothing" +
            (returning ? " returning person_id, key" : ""));
        insert.Parameters.Add(new NpgsqlParameter { Value = people, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter
        {
            Value = Wrapped(people),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
        });
        return insert;
    }

    // One key, and the next ones in the order they were made: reading events in log order meets them in that order.
    private void Load(Guid person)
    {
        if (_cache.Count > CacheLimit) _cache.Clear();
        using var command = _database.CreateCommand($"""
            select person_id, key from {_table}
            where n >= (select n from {_table} where person_id = $1) order by n limit {ReadAhead}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = person });
        using var reader = command.ExecuteReader();
        while (reader.Read()) Remember(reader.GetGuid(0), reader.GetFieldValue<byte[]>(1));
        _cache.TryAdd(person, new Entry(Erased, Stopwatch.GetTimestamp()));
    }

    private async Task LoadAsync(Guid[] people, CancellationToken ct)
    {
        if (_cache.Count > CacheLimit) _cache.Clear();
        await using var command = _database.CreateCommand($"select person_id, key from {_table} where person_id = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = people, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) Remember(reader.GetGuid(0), reader.GetFieldValue<byte[]>(1));
    }

    private void Remember(Guid person, byte[] stored) => _cache[person] = new Entry(Unwrap(person, stored), Stopwatch.GetTimestamp());

    // The key held here (empty: known to have none), or null when none is held or it is too old to trust.
    private byte[]? Held(Guid person)
    {
        if (!_cache.TryGetValue(person, out var entry)) return null;
        if (entry.LoadedAt != long.MaxValue && Stopwatch.GetTimestamp() - entry.LoadedAt > _lifetime)
        {
            _cache.TryRemove(person, out _);
            return null;
        }
        return entry.Key;
    }

    private readonly record struct Entry(byte[] Key, long LoadedAt);

    // New keys for the people, wrapped with one cipher.
    private byte[][] Wrapped(Guid[] people)
    {
        using var aes = _master is null ? null : new AesGcm(_master, 16);
        return [.. people.Select(p => Wrap(aes, p, RandomNumberGenerator.GetBytes(32)))];
    }

    // Wrapped: nonce (12) + tag (16) + key (32), bound to the person's id so that a key cannot be moved to another person.
    private static byte[] Wrap(AesGcm? master, Guid person, byte[] key)
    {
        if (master is null) return key;
        var sealedKey = new byte[12 + 16 + key.Length];
        var nonce = sealedKey.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        master.Encrypt(nonce, key, sealedKey.AsSpan(28), sealedKey.AsSpan(12, 16), person.ToByteArray());
        return sealedKey;
    }

    private byte[] Unwrap(Guid person, byte[] stored)
    {
        if (_master is null || stored.Length == 32) return stored;
        var key = new byte[stored.Length - 28];
        using var aes = new AesGcm(_master, 16);
        aes.Decrypt(stored.AsSpan(0, 12), stored.AsSpan(28), stored.AsSpan(12, 16), key, person.ToByteArray());
        return key;
    }

    private static byte[] MasterKey(string configured)
    {
        try
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length == 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidOperationException("Emis:Privacy:MasterKey must be the base64 of 32 random bytes.");
    }
}
