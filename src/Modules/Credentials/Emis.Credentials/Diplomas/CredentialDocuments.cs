using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// The documents Emis signs and publishes about diplomas (adr/0034): a diploma as a W3C Verifiable Credential 2.0 of the
/// Open Badges 3.0 kind, the revocation status list credential, and the issuers' DID documents; credentials secured with
/// VC-JOSE (a compact JWS whose payload is the credential, header <c>typ: vc+jwt</c>, <c>alg: ES256</c>, <c>kid</c> the DID
/// URL of the issuer's key).
/// </summary>
public sealed class CredentialDocuments(DiplomaSettings settings)
{
    public const string MediaType = "application/vc+jwt";
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private static readonly Dictionary<string, object> Header = new() { ["typ"] = "vc+jwt" };

    /// <summary>
    /// What the diploma's achievement is called, in the language of instruction and in English, by the programme's ISCED level
    /// (1 primary, 2 lower secondary, 3 and above — or unknown — secondary).
    /// </summary>
    public static (string Local, string English) AchievementName(int? isced, string language)
    {
        var english = isced switch
        {
            <= 1 => "Primary school leaving certificate",
            2 => "Lower secondary school leaving certificate",
            _ => "Secondary school diploma",
        };
        var secondary = isced is null or >= 3;
        var local = language switch
        {
            "sq" => secondary ? "Diplomë e shkollës së mesme" : "Dëftesë e përfundimit të shkollës",
            "tr" => secondary ? "Lise diploması" : "Okul bitirme belgesi",
            "sr" => secondary ? "Диплома о завршеној средњој школи" : "Свједочанство о завршеној основној школи",
            "hr" => secondary ? "Svjedodžba o završnom ispitu" : "Svjedodžba o završetku osnovne škole",
            "bs" => secondary ? "Diploma o završenoj srednjoj školi" : "Svjedočanstvo o završenoj osnovnoj školi",
            _ => english,
        };
        return (local, english);
    }

    /// <summary>The diploma as a Verifiable Credential (the JWS payload), with its status entry.</summary>
    public JsonObject Diploma(string jurisdiction, DiplomaView diploma, DiplomaContent content, Guid credentialId, Guid? replaces,
        string statusList, int statusIndex, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(diploma);
        ArgumentNullException.ThrowIfNull(content);
        var (local, english) = AchievementName(content.Isced, content.Language);
        var subjectUrn = $"urn:emis:{jurisdiction}:subject:";
        var awarded = content.AwardedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
            CultureInfo.InvariantCulture);
        var subject = new JsonObject
        {
            ["type"] = new JsonArray("AchievementSubject"),
            ["givenName"] = content.GivenName,
            ["familyName"] = content.FamilyName,
            ["birthDate"] = content.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (content.ParentName is { Length: > 0 } parent) subject["parentName"] = parent;
        if (content.IdentityHash is { } hash)
        {
            subject["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject",
                ["identityType"] = "identifier",
                ["hashed"] = true,
                ["identityHash"] = hash,
                ["salt"] = content.Salt,
            });
        }
        subject["term"] = diploma.SchoolYear;
        subject["activityEndDate"] = awarded;
        subject["source"] = new JsonObject
        {
            ["id"] = $"urn:emis:{jurisdiction}:school:{diploma.SchoolCode}",
            ["type"] = new JsonArray("Profile"),
            ["name"] = content.SchoolName,
        };
        var achievement = new JsonObject
        {
            ["id"] = $"urn:emis:{jurisdiction}:diploma:{content.Programme ?? content.Level ?? "programme"}",
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "Diploma",
            ["name"] = local,
            ["inLanguage"] = content.Language,
            ["nameInEnglish"] = english,
            ["description"] = $"{english}: completed grade {content.Grade.ToString(CultureInfo.InvariantCulture)} of "
                + $"{content.Programme ?? content.Level ?? "the programme"} in {diploma.SchoolYear}.",
            ["criteria"] = new JsonObject { ["narrative"] = "Graduation confirmed by the school from passing final marks in every subject." },
        };
        if (content.Programme is { } programme) achievement["fieldOfStudy"] = programme;
        if (content.Level is { } level) achievement["educationalLevel"] = level;
        if (content.Isced is { } isced) achievement["iscedLevel"] = isced;
        achievement["resultDescription"] = new JsonArray([.. content.Subjects.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = subjectUrn + s.Code,
            ["type"] = new JsonArray("ResultDescription"),
            ["name"] = s.Name,
            ["resultType"] = "Result",
        })]);
        subject["achievement"] = achievement;
        subject["result"] = new JsonArray([.. content.Subjects.Select(s => (JsonNode)new JsonObject
        {
            ["type"] = new JsonArray("Result"),
            ["resultDescription"] = subjectUrn + s.Code,
            ["value"] = s.Mark,
        })]);

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, OpenBadgesContext),
            ["id"] = settings.CredentialUrl(credentialId).AbsoluteUri,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject
            {
                ["id"] = settings.IssuerDid(jurisdiction),
                ["type"] = new JsonArray("Profile"),
                ["name"] = settings.IssuerName(jurisdiction),
            },
            ["validFrom"] = Instant(issuedAt),
            ["awardedDate"] = awarded,
            ["name"] = $"{local} — {content.GivenName} {content.FamilyName}",
            ["credentialSubject"] = subject,
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = settings.StatusListUrl(statusList).AbsoluteUri + "#" + statusIndex.ToString(CultureInfo.InvariantCulture),
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = statusIndex.ToString(CultureInfo.InvariantCulture),
                ["statusListCredential"] = settings.StatusListUrl(statusList).AbsoluteUri,
            },
        };
        if (replaces is { } replaced) credential["replaces"] = settings.CredentialUrl(replaced).AbsoluteUri;
        return credential;
    }

    /// <summary>The revocation status list credential of a list (bit i set: the diploma at index i is revoked).</summary>
    public JsonObject StatusList(string jurisdiction, string list, IEnumerable<int> revoked, DateTimeOffset now, TimeSpan lifetime)
    {
        var url = settings.StatusListUrl(list).AbsoluteUri;
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = settings.IssuerDid(jurisdiction),
            ["validFrom"] = Instant(now),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = StatusLists.Encode(revoked),
                ["ttl"] = (long)lifetime.TotalMilliseconds,
            },
        };
    }

    /// <summary>A jurisdiction's DID document: every key it ever signed with, as a JsonWebKey verification method for assertions.</summary>
    public JsonObject IssuerDocument(string jurisdiction, IReadOnlyList<IssuerKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var did = settings.IssuerDid(jurisdiction);
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"),
            ["id"] = did,
            ["controller"] = did,
            ["verificationMethod"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
            {
                ["id"] = $"{did}#{k.KeyId}",
                ["type"] = "JsonWebKey",
                ["controller"] = did,
                ["publicKeyJwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = k.Curve, ["x"] = k.X, ["y"] = k.Y, ["alg"] = "ES256" },
            })]),
            ["assertionMethod"] = new JsonArray([.. keys.Select(k => (JsonNode)$"{did}#{k.KeyId}")]),
        };
    }

    /// <summary>The host's DID document: the deployment itself, naming each jurisdiction's issuer DID as a service.</summary>
    public JsonObject HostDocument(IReadOnlyList<string> jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1"),
            ["id"] = settings.HostDid,
            ["service"] = new JsonArray([.. jurisdictions.Order(StringComparer.Ordinal).Select(j => (JsonNode)new JsonObject
            {
                ["id"] = $"{settings.HostDid}#{j}",
                ["type"] = "DiplomaIssuer",
                ["serviceEndpoint"] = settings.Public($"{j}/did.json").AbsoluteUri,
            })]),
        };
    }

    /// <summary>The credential secured with VC-JOSE: a compact JWS of its JSON, signed with the key named by the DID URL.</summary>
    public static string Sign(JsonObject credential, string kid, ECDsa signer)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(signer);
        // No provider cached by the key's thumbprint: each signature uses the signer given here, under its lock.
        var key = new ECDsaSecurityKey(signer) { KeyId = kid, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } };
        var payload = credential.ToJsonString(Json);
        // One signer key may be shared by many requests: ECDsa instances are not documented as safe for concurrent use.
        lock (signer)
        {
            return Handler.CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256), Header);
        }
    }

    /// <summary>OB 3.0's identityHash of an EduID: <c>sha256$</c> and the hex SHA-256 of the EduID followed by the salt.</summary>
    public static string IdentityHash(string eduId, string salt) =>
        "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eduId + salt)));

    public static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Letters as written (Đorđe, not \u0110or\u0111e): the credential is the person's own record.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
