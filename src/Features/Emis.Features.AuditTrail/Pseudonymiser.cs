using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.EventLog;
using Emis.Platform.Privacy;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed class Pseudonymiser(IDocumentStore store, NpgsqlDataSource database, IConfiguration configuration)
{
    private readonly IReadOnlyDictionary<string, Type> _types = EventTypes.Of(store);
    private readonly PersonKeys? _keys = PersonalDataEncryption.KeysOf(store);
    private readonly NpgsqlDataSource _database = database;
    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly string? _configuredKey = configuration["Emis:Audit:PseudonymKey"];
    private byte[]? _key;

    /// <summary>Whether events of this stored type carry any personal field.</summary>
    public bool HasPersonalData(string storedType) =>
        _types.TryGetValue(storedType, out var type) && PersonalFields.Of(type).Count > 0;

    /// <summary>
    /// Whether events of this stored type are about a person: they carry personal fields, or their module marked them
    /// <see cref="AboutPersonAttribute"/>. Their free-text reason is then treated as personal data too.
    /// </summary>
    public bool ConcernsPerson(string storedType) =>
        _types.TryGetValue(storedType, out var type)
        && (PersonalFields.Of(type).Count > 0 || type.IsDefined(typeof(AboutPersonAttribute), inherit: false));

    /// <summary>The event's data with its personal fields pseudonymised (unchanged when it has none).</summary>
    public async Task<string> RedactAsync(StoredEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_types.TryGetValue(e.Type, out var type)) return e.Data;
        var key = await KeyAsync(ct);
        return Redact(Reveal(e), type, e.Jurisdiction, key);
    }

    /// <summary>The reason of a change, opened when it was sealed with a person's key (adr/0024).</summary>
    public string? RevealReason(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _keys is null ? e.Reason : PersonalDataConverter.RevealText(_keys, e.Reason);
    }

    /// <summary>
    /// The event's data with its encrypted personal fields in clear while the person's key exists, and as erased once it
    /// is destroyed (adr/0024).
    /// </summary>
    public string Reveal(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _keys is not null && _types.TryGetValue(e.Type, out var type) ? PersonalDataConverter.Reveal(_keys, type, e.Data) : e.Data;
    }

    /// <summary>Applies the type's personal-field rules to a JSON object (event data or a public payload).</summary>
    public async Task<JsonObject> RedactAsync(JsonObject data, Type type, string jurisdiction, CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        Apply(data, PersonalFields.Of(type), jurisdiction, key);
        return data;
    }

    /// <summary>A stable pseudonym of a value (for example an EduID or an actor), within a jurisdiction.</summary>
    public async Task<string> PseudonymAsync(string jurisdiction, string field, string value, CancellationToken ct) =>
        Pseudonym(await KeyAsync(ct), jurisdiction, field, value);

    private static string Redact(string json, Type type, string jurisdiction, byte[] key)
    {
        var fields = PersonalFields.Of(type);
        if (fields.Count == 0) return json;
        if (JsonNode.Parse(json) is not JsonObject data) return json;
        Apply(data, fields, jurisdiction, key);
        return data.ToJsonString();
    }

    private static void Apply(JsonObject data, IReadOnlyDictionary<string, PersonalDataHandling> fields, string jurisdiction, byte[] key)
    {
        foreach (var (name, handling) in fields)
        {
            var property = data.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (property.Key is null || property.Value is null) continue;
            data[property.Key] = handling switch
            {
                PersonalDataHandling.Withhold => null,
                PersonalDataHandling.YearOnly => property.Value.ToString() is { Length: >= 4 } text && int.TryParse(text[..4], out var year)
                    ? JsonValue.Create(year)
                    : null,
                _ => JsonValue.Create(Pseudonym(key, jurisdiction, property.Key,
                    property.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : property.Value.ToJsonString())),
            };
        }
    }

    private static string Pseudonym(byte[] key, string jurisdiction, string field, string value)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\u001f', jurisdiction, field.ToLowerInvariant(), value)));
        return "pseud:" + Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is { } known) return known;
        if (!string.IsNullOrWhiteSpace(_configuredKey)) return _key = Encoding.UTF8.GetBytes(_configuredKey);
        // One random key per database, created by whichever node asks first.
        await using var connection = await _database.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand($"""
            create table if not exists {_schema}.emis_secrets (name text primary key, value bytea not null);
            insert into {_schema}.emis_secrets values ('pseudonym-key', gen_random_bytes_or_uuid()) on conflict do nothing
            """.Replace("gen_random_bytes_or_uuid()", "decode(md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text), 'hex')"), connection))
        {
            try
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // Created by another node at the same moment.
            }
        }
        await using var read = new NpgsqlCommand($"select value from {_schema}.emis_secrets where name = 'pseudonym-key'", connection);
        return _key = (byte[])(await read.ExecuteScalarAsync(ct))!;
    }
}
