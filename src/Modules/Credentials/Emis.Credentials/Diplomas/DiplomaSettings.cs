using Microsoft.Extensions.Configuration;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// Configuration of diplomas, read from <c>Emis:Credentials:Diplomas</c> each time it is needed:
/// <list type="bullet">
/// <item><c>PublicBaseUrl</c>: where verifiers reach Emis (default <c>http://localhost:5080</c>, what <c>./emis up</c> serves).
/// The issuers' <c>did:web</c> identifiers, the credentials' ids and the status lists' addresses are made from it, so it is
/// set once per deployment and never changed (a diploma carries it for ever);</item>
/// <item><c>Issuers:&lt;jurisdiction&gt;:Name</c>: the ministry's name as diplomas give it (default
/// <c>Ministry of Education (&lt;jurisdiction&gt;)</c>);</item>
/// <item><c>KeyEncryptionKey</c>: 32 random bytes, base64, that encrypt the issuers' private keys where they are stored
/// (adr/0034). Without it Emis serves what it issued but signs nothing new.</item>
/// </list>
/// </summary>
public sealed class DiplomaSettings(IConfiguration configuration)
{
    public const string Section = "Emis:Credentials:Diplomas";

    public Uri PublicBaseUrl
    {
        get
        {
            var text = configuration[$"{Section}:PublicBaseUrl"];
            var url = Uri.TryCreate(string.IsNullOrWhiteSpace(text) ? "http://localhost:5080" : text.Trim(), UriKind.Absolute, out var u)
                ? u
                : throw new InvalidOperationException($"{Section}:PublicBaseUrl '{text}' is not an absolute URL.");
            return new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }
    }

    public string IssuerName(string jurisdiction) =>
        configuration[$"{Section}:Issuers:{jurisdiction}:Name"] is { Length: > 0 } name ? name.Trim() : $"Ministry of Education ({jurisdiction})";

    /// <summary>The key-encryption key, or null when none is configured (or it is not 32 bytes of base64).</summary>
    public byte[]? KeyEncryptionKey
    {
        get
        {
            var text = configuration[$"{Section}:KeyEncryptionKey"];
            if (string.IsNullOrWhiteSpace(text)) return null;
            try
            {
                var key = Convert.FromBase64String(text.Trim());
                return key.Length == 32 ? key : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    /// <summary>The absolute address of a path under the public base (<c>credentials/…</c>, <c>verify?id=…</c>).</summary>
    public Uri Public(string relative) => new(PublicBaseUrl, relative.TrimStart('/'));

    /// <summary>
    /// The host's <c>did:web</c> identifier: the public base URL's host (a port percent-encoded) and path segments, joined by
    /// colons, as the did:web method has it; served at <c>/.well-known/did.json</c> (or <c>/&lt;path&gt;/did.json</c>).
    /// </summary>
    public string HostDid
    {
        get
        {
            var url = PublicBaseUrl;
            var host = url.IsDefaultPort ? url.Host : $"{url.Host}%3A{url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var path = url.AbsolutePath.Trim('/');
            return "did:web:" + host + (path.Length == 0 ? "" : ":" + string.Join(':', path.Split('/')));
        }
    }

    /// <summary>A jurisdiction's ministry as an issuer: the host's DID and the jurisdiction as one more path segment.</summary>
    public string IssuerDid(string jurisdiction) => $"{HostDid}:{jurisdiction}";

    /// <summary>The jurisdiction a DID of this deployment's issuers names, or null when the DID is not one of them.</summary>
    public string? JurisdictionOf(string did)
    {
        var prefix = HostDid + ":";
        if (!did.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = did[prefix.Length..];
        return rest.Length > 0 && !rest.Contains(':', StringComparison.Ordinal) ? rest : null;
    }

    public Uri CredentialUrl(Guid id) => Public($"credentials/{id:D}");

    public Uri StatusListUrl(string list) => Public($"credentials/status/{list}");
}
