using System.IO.Compression;
using System.Security.Cryptography;
using Emis.Credentials.Diplomas;
using Microsoft.Extensions.Configuration;

namespace Emis.Credentials.Tests;

/// <summary>The parts of diplomas that need no host: identifiers, the status list's encoding, the sealing of private keys.</summary>
public sealed class DiplomaDocumentTests
{
    private static DiplomaSettings Settings(string baseUrl) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emis:Credentials:Diplomas:PublicBaseUrl"] = baseUrl,
        }).Build());

    [Theory]
    [InlineData("https://emis.example.org", "did:web:emis.example.org", "https://emis.example.org/credentials/status/una-sana-1")]
    [InlineData("http://localhost:5080/", "did:web:localhost%3A5080", "http://localhost:5080/credentials/status/una-sana-1")]
    [InlineData("https://gov.example/education/emis", "did:web:gov.example:education:emis",
        "https://gov.example/education/emis/credentials/status/una-sana-1")]
    public void identifiers_follow_the_did_web_method_and_the_public_base_url(string baseUrl, string hostDid, string statusList)
    {
        var settings = Settings(baseUrl);
        Assert.Equal(hostDid, settings.HostDid);
        Assert.Equal(hostDid + ":una-sana", settings.IssuerDid("una-sana"));
        Assert.Equal(statusList, settings.StatusListUrl(StatusLists.Name("una-sana", 1)).AbsoluteUri);
        Assert.Equal("una-sana", settings.JurisdictionOf(hostDid + ":una-sana"));
        Assert.Null(settings.JurisdictionOf("did:web:elsewhere.example:una-sana"));
        Assert.Null(settings.JurisdictionOf(hostDid + ":una-sana:more"));
        Assert.Null(settings.JurisdictionOf(hostDid));
    }

    [Fact]
    public void a_status_list_name_gives_back_its_jurisdiction_even_with_dashes()
    {
        Assert.Equal(("una-sana", 3), StatusLists.Parse(StatusLists.Name("una-sana", 3)));
        Assert.Null(StatusLists.Parse("una-sana"));
        Assert.Null(StatusLists.Parse("una-sana-0"));
        Assert.Null(StatusLists.Parse("-4"));
        Assert.Null(StatusLists.Parse("una-sana-+4"));
    }

    [Fact]
    public void the_encoded_list_is_multibase_base64url_of_a_gzipped_bitstring_with_index_zero_the_first_bit()
    {
        int[] revoked = [0, 7, 8, 1000, StatusLists.Size - 1];
        var encoded = StatusLists.Encode(revoked);
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(Padded(encoded[1..]))), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        var bits = output.ToArray();
        Assert.Equal(131_072 / 8, bits.Length);
        var set = Enumerable.Range(0, StatusLists.Size).Where(i => (bits[i / 8] & (0x80 >> (i % 8))) != 0).ToArray();
        Assert.Equal(revoked, set);
        Assert.Equal(0x81, bits[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => StatusLists.Encode([StatusLists.Size]));
    }

    [Fact]
    public void a_sealed_private_key_opens_only_with_its_key_encryption_key_for_its_own_issuer_and_key_id()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var sealedKey = IssuerKeys.Seal(kek, "una-sana", "key-1", [.. pkcs8]);
        Assert.Equal(pkcs8, IssuerKeys.Open(kek, "una-sana", "key-1", sealedKey));
        // Nothing of the private key is readable in what is stored.
        var d = key.ExportParameters(true).D!;
        Assert.False(sealedKey.AsSpan().IndexOf(d) >= 0);
        Assert.ThrowsAny<CryptographicException>(() => IssuerKeys.Open(kek, "other", "key-1", sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => IssuerKeys.Open(kek, "una-sana", "key-2", sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => IssuerKeys.Open(RandomNumberGenerator.GetBytes(32), "una-sana", "key-1", sealedKey));
    }

    [Fact]
    public void the_holders_identifier_is_a_salted_sha256_of_the_eduid_that_differs_per_salt()
    {
        var a = CredentialDocuments.IdentityHash("123456789012", "00ff");
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData("12345678901200ff"u8)), a);
        Assert.NotEqual(a, CredentialDocuments.IdentityHash("123456789012", "00fe"));
        Assert.DoesNotContain("123456789012", a, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "bs", "Diploma o završenoj srednjoj školi", "Secondary school diploma")]
    [InlineData(3, "sq", "Diplomë e shkollës së mesme", "Secondary school diploma")]
    [InlineData(1, "tr", "Okul bitirme belgesi", "Primary school leaving certificate")]
    [InlineData(2, "xx", "Lower secondary school leaving certificate", "Lower secondary school leaving certificate")]
    public void the_achievement_is_named_in_the_language_of_instruction_and_in_english(int isced, string language, string local, string english) =>
        Assert.Equal((local, english), CredentialDocuments.AchievementName(isced, language));

    private static string Padded(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
