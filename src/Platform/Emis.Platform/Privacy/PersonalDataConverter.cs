using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Emis.Platform.Privacy;

/// <summary>
/// Stores the erasable fields of events about a person (<see cref="ErasableFields"/>) encrypted with the person's key,
/// and reads them back in clear while the key exists. Each field becomes a string <c>pd1:[&lt;year&gt;]:&lt;base64url&gt;</c>
/// (nonce, tag and AES-GCM ciphertext of the field's JSON, bound to the person and the field's name); a date keeps its year
/// in clear. Once the key is destroyed a field reads as erased: text as <see cref="ErasedText"/>, a date as 1 January of
/// its year, a record of details with every field empty, anything else as null. Values stored in clear (events from
/// before encryption) still read as they are.
/// </summary>
public sealed class PersonalDataConverter(PersonKeys keys) : JsonConverterFactory
{
    public const string Prefix = "pd1:";

    private static readonly JsonSerializerOptions RevealedJson =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What an erased name or other text reads as.</summary>
    public const string ErasedText = "(erased)";

    public override bool CanConvert(Type typeToConvert) => ErasableFields.Of(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The same options without this factory: the event itself is written and read as it would be otherwise.
        var inner = new JsonSerializerOptions(options);
        inner.Converters.Remove(this);
        var converter = typeof(Converter<>).MakeGenericType(typeToConvert);
        return (JsonConverter)Activator.CreateInstance(converter, keys, ErasableFields.Of(typeToConvert), inner)!;
    }

    /// <summary>Whether a stored JSON value is one of these encrypted fields.</summary>
    public static bool IsSealed(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Reveals the encrypted fields of a stored event's JSON (for readers of the raw log: audit history, exports).</summary>
    public static string Reveal(PersonKeys keys, Type type, string json)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (ErasableFields.Of(type) is not { } fields || !json.Contains(Prefix, StringComparison.Ordinal)) return json;
        if (JsonNode.Parse(json) is not JsonObject data) return json;
        Open(keys, fields, data, null);
        // Letters as written (Šaban, not \u0160aban), as the stored JSON reads.
        return data.ToJsonString(RevealedJson);
    }

    /// <summary>Prefix of free text sealed with a person's key that names its person: <c>pdp1:&lt;person&gt;:&lt;base64url&gt;</c>.</summary>
    public const string TextPrefix = "pdp1:";

    /// <summary>
    /// Seals free text written about a person outside an event's data (the reason a change about them was made, kept in
    /// the event's headers) with the person's key.
    /// </summary>
    public static string SealText(PersonKeys keys, Guid person, string text)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(text);
        var sealedValue = Encrypt(keys.GetOrCreate(person), person, "text", Encoding.UTF8.GetBytes(text));
        return $"{TextPrefix}{person:N}:{Base64Url.EncodeToString(sealedValue)}";
    }

    /// <summary>Free text as written, opened when sealed (<see cref="ErasedText"/> once the person is erased).</summary>
    public static string? RevealText(PersonKeys keys, string? text)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (text is null || !text.StartsWith(TextPrefix, StringComparison.Ordinal)) return text;
        var rest = text[TextPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Guid.TryParseExact(rest[..colon], "N", out var person)) return text;
        return keys.Find(person) is { } key ? Decrypt(key, person, "text", rest[(colon + 1)..]) : ErasedText;
    }

    private static void Open(PersonKeys keys, ErasableFields fields, JsonObject data, JsonSerializerOptions? options)
    {
        if (Find(data, fields.PersonIdProperty) is not { } idNode || !Guid.TryParse(idNode.GetValue<string>(), out var person)) return;
        byte[]? key = null;
        var looked = false;
        foreach (var field in fields.Fields)
        {
            var name = Name(data, field.Name);
            if (name is null || !IsSealed(data[name])) continue;
            if (!looked)
            {
                key = keys.Find(person);
                looked = true;
            }
            var text = data[name]!.GetValue<string>()[Prefix.Length..];
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            int? year = colon > 0 ? int.Parse(text[..colon], System.Globalization.CultureInfo.InvariantCulture) : null;
            text = text[(colon + 1)..];
            data[name] = key is null ? ErasedValue(field, year, options) : JsonNode.Parse(Decrypt(key, person, field.Name, text));
        }
    }

    private static JsonNode? ErasedValue(ErasableField field, int? year, JsonSerializerOptions? options)
    {
        if (field.KeepsYear && year is { } y) return JsonSerializer.SerializeToNode(new DateOnly(y, 1, 1), options);
        if (field.Type == typeof(string)) return JsonValue.Create(ErasedText);
        // A record of details (contacts): every one of its fields empty.
        return field.Type.IsClass ? new JsonObject() : null;
    }

    // A cipher per key and thread, made once: making one (an OpenSSL context, its algorithm looked up, the key expanded)
    // costs more than sealing a field with it, and an import seals several fields of three events per person. A key is
    // looked up by reference, as PersonKeys holds it: a key made again (after an erasure) is another array and another cipher.
    private const int CiphersPerThread = 1024;

    [ThreadStatic]
    private static Dictionary<byte[], AesGcm>? _ciphers;

    // Nonces are drawn from the system's random generator 256 at a time: one call instead of one per field.
    [ThreadStatic]
    private static byte[]? _nonces;

    [ThreadStatic]
    private static int _nonceAt;

    private static AesGcm CipherFor(byte[] key)
    {
        var ciphers = _ciphers ??= new Dictionary<byte[], AesGcm>(ReferenceEqualityComparer.Instance);
        if (ciphers.TryGetValue(key, out var aes)) return aes;
        if (ciphers.Count >= CiphersPerThread)
        {
            foreach (var cipher in ciphers.Values) cipher.Dispose();
            ciphers.Clear();
        }
        aes = new AesGcm(key, 16);
        ciphers[key] = aes;
        return aes;
    }

    private static void FillNonce(Span<byte> nonce)
    {
        if (_nonces is null || _nonceAt + nonce.Length > _nonces.Length)
        {
            _nonces ??= new byte[12 * 256];
            RandomNumberGenerator.Fill(_nonces);
            _nonceAt = 0;
        }
        var drawn = _nonces.AsSpan(_nonceAt, nonce.Length);
        drawn.CopyTo(nonce);
        drawn.Clear();
        _nonceAt += nonce.Length;
    }

    private static byte[] Encrypt(byte[] key, Guid person, string field, byte[] plain) => Encrypt(CipherFor(key), person, field, plain);

    private static byte[] Encrypt(AesGcm aes, Guid person, string field, byte[] plain)
    {
        var sealedValue = new byte[12 + 16 + plain.Length];
        var nonce = sealedValue.AsSpan(0, 12);
        FillNonce(nonce);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), Associated(person, field));
        return sealedValue;
    }

    private static string Decrypt(byte[] key, Guid person, string field, string text)
    {
        var sealedValue = Base64Url.DecodeFromChars(text);
        var plain = new byte[sealedValue.Length - 28];
        var aes = CipherFor(key);
        aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plain, Associated(person, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Associated(Guid person, string field) => [.. person.ToByteArray(), .. Encoding.UTF8.GetBytes(field.ToLowerInvariant())];

    private static JsonValue? Find(JsonObject data, string property) => Name(data, property) is { } name ? data[name] as JsonValue : null;

    private static string? Name(JsonObject data, string property)
    {
        foreach (var (name, _) in data)
        {
            if (string.Equals(name, property, StringComparison.OrdinalIgnoreCase)) return name;
        }
        return null;
    }

    private sealed class Converter<T>(PersonKeys keys, ErasableFields fields, JsonSerializerOptions inner) : JsonConverter<T>
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            if (node is JsonObject data) Open(keys, fields, data, inner);
            return node.Deserialize<T>(inner);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (JsonSerializer.SerializeToNode(value, inner) is not JsonObject data)
            {
                JsonSerializer.Serialize(writer, value, inner);
                return;
            }
            var person = fields.PersonOf(value!);
            // One cipher for all the fields of the event (each field still gets its own random nonce).
            AesGcm? aes = null;
            foreach (var field in fields.Fields)
            {
                var name = Name(data, field.Name);
                if (name is null || data[name] is not { } plain || IsSealed(plain)) continue;
                aes ??= CipherFor(keys.GetOrCreate(person));
                var year = field.KeepsYear && plain.GetValue<string>() is { Length: >= 4 } date ? $"{date[..4]}:" : ":";
                var sealedValue = Encrypt(aes, person, field.Name, Encoding.UTF8.GetBytes(plain.ToJsonString()));
                data[name] = JsonValue.Create(Prefix + year + Base64Url.EncodeToString(sealedValue));
            }
            data.WriteTo(writer);
        }
    }
}
