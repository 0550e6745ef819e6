using System.Security.Cryptography;
using System.Text;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// Secrets and signatures as the Standard Webhooks specification has them: a secret is <c>whsec_</c> followed by the
/// base64 of 32 random bytes; a request is signed with <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))
/// where the key is the base64-decoded part after the prefix.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes of a secret (with or without its prefix).</summary>
    public static byte[] Key(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
    }

    /// <summary>
    /// The <c>webhook-signature</c> header value signed with every secret given, space-separated, in the order given: during a
    /// rotation's overlap the new secret first, then the previous one. Standard Webhooks receivers accept the request when
    /// any entry verifies. With more than one secret the first signature is repeated at the end: the .NET Standard Webhooks
    /// library (1.1.2) never compares the last of several entries, so without it a receiver still on the previous secret
    /// would refuse every request of the overlap. Receivers that check every entry are unaffected by the repeat.
    /// </summary>
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var signatures = new List<string>(2);
        foreach (var secret in secrets) signatures.Add(Sign(secret, id, timestamp, body));
        if (signatures.Count > 1) signatures.Add(signatures[0]);
        return string.Join(' ', signatures);
    }

    /// <summary>One <c>v1,</c> signature of one request.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), content));
    }
}
