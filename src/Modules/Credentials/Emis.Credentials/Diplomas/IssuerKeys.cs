using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Credentials.Diplomas;

/// <summary>A public key of an issuer, as its DID document lists it.</summary>
public sealed record IssuerKey(string KeyId, string Curve, string X, string Y, DateTimeOffset AddedAt);

/// <summary>
/// A jurisdiction's issuer: the keys it has signed with, oldest first (the last signs now). Every key stays, so that every
/// diploma ever issued still verifies (adr/0034).
/// </summary>
public sealed class IssuerView
{
    private static readonly Guid Namespace = new("5e0b9c3a-7f21-4d68-9a4e-2b8c6d1f0e73");

    public static Guid IdFor(string jurisdiction) => NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/diploma-issuer");

    public Guid Id { get; set; }
    public string Jurisdiction { get; set; } = "";
    public List<IssuerKey> Keys { get; set; } = [];
    public long Version { get; set; }

    public IssuerKey? Current => Keys.Count == 0 ? null : Keys[^1];
}

public sealed class IssuerProjection : SingleStreamProjection<IssuerView, Guid>
{
    public static IssuerView Create(IEvent<IssuerKeyAdded> e) => new()
    {
        Id = e.Data.IssuerId,
        Jurisdiction = e.Data.Jurisdiction,
        Keys = [new IssuerKey(e.Data.KeyId, e.Data.Curve, e.Data.X, e.Data.Y, e.Data.AddedAt)],
        Version = e.Version,
    };

    public static void Apply(IEvent<IssuerKeyAdded> e, IssuerView view)
    {
        view.Keys.Add(new IssuerKey(e.Data.KeyId, e.Data.Curve, e.Data.X, e.Data.Y, e.Data.AddedAt));
        view.Version = e.Version;
    }
}

/// <summary>
/// The issuers' private keys: P-256 (ES256) keys made here, their public halves in the event log (<see cref="IssuerKeyAdded"/>),
/// their private halves in <c>cred_issuer_keys</c> only, as PKCS#8 encrypted with AES-256-GCM under the deployment's
/// key-encryption key (<see cref="DiplomaSettings.KeyEncryptionKey"/>), bound to the jurisdiction and key id. Never in an
/// event, a log line, an export or a rebuild: a read model rebuild does not touch the table (adr/0034).
/// </summary>
public sealed class IssuerKeys(NpgsqlDataSource database, IDocumentStore store, DiplomaSettings settings, TimeProvider clock)
{
    public const string Table = "cred_issuer_keys";
    public const string Curve = "P-256";

    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly ConcurrentDictionary<(string, string), ECDsa> _loaded = new();

    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<string>("key_id").AsPrimaryKey();
        table.AddColumn("sealed_key", "bytea").NotNull();
        table.AddColumn<DateTimeOffset>("created_at").NotNull();
        return table;
    }

    /// <summary>Why Emis cannot sign, or null when it can.</summary>
    public UserError? CannotSign() => settings.KeyEncryptionKey is null
        ? new UserError("SIGNING_UNAVAILABLE", null, $"Diplomas cannot be signed: {DiplomaSettings.Section}:KeyEncryptionKey (32 random bytes, "
            + "base64) is not configured on this deployment.")
        : null;

    /// <summary>
    /// The jurisdiction's current signing key, made (key-1) when it has none: its private half stored in the caller's
    /// transaction, its public half appended to the issuer's stream in <paramref name="session"/>.
    /// </summary>
    public async Task<(IssuerKey Key, ECDsa Signer)> CurrentAsync(IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IssuerView>(IssuerView.IdFor(session.TenantId), ct);
        if (stream.Aggregate?.Current is { } current) return (current, await SignerAsync(session.TenantId, current, ct));
        return Add(session, stream, null);
    }

    /// <summary>A new key that signs from now on; the old ones stay in the DID document.</summary>
    public async Task<IssuerKey> RotateAsync(IDocumentSession session, string reason, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IssuerView>(IssuerView.IdFor(session.TenantId), ct);
        return Add(session, stream, reason).Key;
    }

    private (IssuerKey Key, ECDsa Signer) Add(IDocumentSession session, IEventStream<IssuerView> stream, string? reason)
    {
        var kek = settings.KeyEncryptionKey ?? throw new CommandRejectedException([CannotSign()!]);
        var number = (stream.Aggregate?.Keys.Count ?? 0) + 1;
        var keyId = string.Create(CultureInfo.InvariantCulture, $"key-{number}");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(false);
        var added = new IssuerKeyAdded(stream.Id, session.TenantId, keyId, Curve, Base64Url.EncodeToString(parameters.Q.X),
            Base64Url.EncodeToString(parameters.Q.Y),
            clock.GetUtcNow(), reason);
        stream.AppendOne(added);
        var sealedKey = Seal(kek, session.TenantId, keyId, key.ExportPkcs8PrivateKey());
        // In the command's own transaction: the key exists exactly when the event that publishes it does.
        session.QueueSqlCommand($"insert into {_schema}.{Table} (tenant_id, key_id, sealed_key, created_at) values (?, ?, ?, ?)",
            session.TenantId, keyId, sealedKey, added.AddedAt);
        // Not cached until committed: a transaction that fails (another node made key-1 at the same time) leaves no key behind.
        return (new IssuerKey(keyId, Curve, added.X, added.Y, added.AddedAt), key);
    }

    /// <summary>The jurisdiction's current key and its private half, or null when it has none (or Emis cannot sign).</summary>
    public async Task<(IssuerKey Key, ECDsa Signer)?> ExistingAsync(string jurisdiction, CancellationToken ct)
    {
        if (settings.KeyEncryptionKey is null) return null;
        await using var session = store.QuerySession(jurisdiction);
        var issuer = await session.LoadAsync<IssuerView>(IssuerView.IdFor(jurisdiction), ct);
        return issuer?.Current is { } key ? (key, await SignerAsync(jurisdiction, key, ct)) : null;
    }

    /// <summary>
    /// The private half of a published key, loaded once per node; checked against the published half, so that a key stored
    /// under the same id after a restore never signs in its place.
    /// </summary>
    private async Task<ECDsa> SignerAsync(string jurisdiction, IssuerKey published, CancellationToken ct)
    {
        var keyId = published.KeyId;
        if (_loaded.TryGetValue((jurisdiction, keyId), out var loaded) && Matches(loaded, published)) return loaded;
        var kek = settings.KeyEncryptionKey ?? throw new CommandRejectedException([CannotSign()!]);
        await using var command = database.CreateCommand($"select sealed_key from {_schema}.{Table} where tenant_id = $1 and key_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        var sealedKey = await command.ExecuteScalarAsync(ct) as byte[]
            ?? throw new InvalidOperationException($"The private half of {jurisdiction}'s {keyId} is not stored.");
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Open(kek, jurisdiction, keyId, sealedKey), out _);
        if (!Matches(key, published))
        {
            throw new InvalidOperationException($"The stored private half of {jurisdiction}'s {keyId} is not the key its DID document publishes.");
        }
        _loaded[(jurisdiction, keyId)] = key;
        return key;
    }

    private static bool Matches(ECDsa key, IssuerKey published)
    {
        var q = key.ExportParameters(false).Q;
        return Base64Url.EncodeToString(q.X) == published.X && Base64Url.EncodeToString(q.Y) == published.Y;
    }

    /// <summary>nonce (12) · tag (16) · ciphertext, the jurisdiction and key id bound as associated data.</summary>
    internal static byte[] Seal(byte[] kek, string jurisdiction, string keyId, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[12 + 16 + plaintext.Length];
        using var aes = new AesGcm(kek, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(28), output.AsSpan(12, 16), AssociatedData(jurisdiction, keyId));
        nonce.CopyTo(output, 0);
        CryptographicOperations.ZeroMemory(plaintext);
        return output;
    }

    internal static byte[] Open(byte[] kek, string jurisdiction, string keyId, byte[] sealedKey)
    {
        var plaintext = new byte[sealedKey.Length - 28];
        using var aes = new AesGcm(kek, 16);
        aes.Decrypt(sealedKey.AsSpan(0, 12), sealedKey.AsSpan(28), sealedKey.AsSpan(12, 16), plaintext, AssociatedData(jurisdiction, keyId));
        return plaintext;
    }

    private static byte[] AssociatedData(string jurisdiction,
        string keyId) => System.Text.Encoding.UTF8.GetBytes($"emis-issuer-key/{jurisdiction}/{keyId}");
}
