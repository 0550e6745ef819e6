using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emis.Credentials.Diplomas;

/// <summary>What a verifier concluded about a credential.</summary>
public enum Verdict
{
    Valid,
    Revoked,
    Tampered,
    UnknownIssuer,
    Malformed,
}

/// <summary>A verification's answer: the verdict in words, the issuer, and the credential's content when it can be trusted.</summary>
public sealed record Verification(Verdict Verdict, string Reason, string? IssuerId, string? IssuerName, JsonObject? Credential);

/// <summary>
/// The public side of diplomas (no token needed): the issued credentials by id, the revocation status lists, the issuers' DID
/// documents, and a verifier that checks a credential against those same public documents only (adr/0034).
/// </summary>
public sealed class PublicCredentials(IDocumentStore store, IssuerKeys keys, CredentialDocuments documents, DiplomaSettings settings,
    TimeProvider clock)
{
    /// <summary>How long a status list may be cached (HTTP max-age and the list's ttl): a revocation is seen within it.</summary>
    public static readonly TimeSpan StatusListLifetime = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, SignedList> _lists = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _looking = new();

    private sealed record SignedList(string Credential, string Fingerprint, DateTimeOffset CheckedAt);

    /// <summary>
    /// The compact JWS of the issued (or revoked) diploma whose credential id this is; null for an unknown id, and for a
    /// diploma whose learner was erased (Emis no longer holds it; the graduate's own copy still verifies).
    /// </summary>
    public async Task<string?> CredentialJwtAsync(Guid id, CancellationToken ct)
    {
        var key = id.ToString("D");
        await using var session = store.QuerySession();
        var found = await session.Query<DiplomaView>().Where(d => d.AnyTenant() && d.CredentialId == key)
            .Select(d => new { d.Credential }).ToListAsync(ct);
        return found.Select(f => f.Credential).FirstOrDefault(c => c is not null && c.StartsWith("eyJ", StringComparison.Ordinal));
    }

    /// <summary>The revoked entries of a list, or null when no diploma was ever issued on it.</summary>
    public async Task<IReadOnlyList<int>?> RevokedAsync(string list, CancellationToken ct)
    {
        if (StatusLists.Parse(list) is not { } name) return null;
        await using var session = store.QuerySession(name.Jurisdiction);
        // Only the revoked entries come back (a national list holds tens of thousands of diplomas, a handful revoked).
        var revoked = await session.Query<DiplomaView>().Where(d => d.StatusList == list && d.Status == DiplomaStatus.Revoked)
            .Select(d => new { d.StatusIndex }).ToListAsync(ct);
        if (revoked.Count == 0 && !await session.Query<DiplomaView>().AnyAsync(d => d.StatusList == list, ct)) return null;
        return [.. revoked.Select(e => e.StatusIndex!.Value).Order()];
    }

    /// <summary>
    /// The status list credential (signed with the jurisdiction's current key), or null for an unknown list. Each node signs a
    /// list again only when its revoked entries changed, and looks at most once a second, one look per list at a time: callers
    /// that come while it looks are answered with the copy it has (or, when it has none, wait for the look). A look reads every
    /// entry of the list, about a second of the database's time for a national list, so that verifiers asking at once must not
    /// each make one (issue 18's benchmark: 64 clients made the node look for every request).
    /// </summary>
    public async Task<string?> StatusListAsync(string list, CancellationToken ct)
    {
        if (_lists.TryGetValue(list, out var cached) && clock.GetUtcNow() - cached.CheckedAt < Reuse) return cached.Credential;
        Lazy<Task<string?>>? mine = null;
        mine = new Lazy<Task<string?>>(() => LookAsync(list, mine!));
        var look = _looking.GetOrAdd(list, mine);
        if (look != mine && cached is not null) return cached.Credential;
        // Shared by every caller that waits for it: one caller going away does not cancel the others' answer.
        return await look.Value.WaitAsync(ct);
    }

    private async Task<string?> LookAsync(string list, Lazy<Task<string?>> self)
    {
        try
        {
            return await SignedListAsync(list, CancellationToken.None);
        }
        finally
        {
            _looking.TryRemove(KeyValuePair.Create(list, self));
        }
    }

    private async Task<string?> SignedListAsync(string list, CancellationToken ct)
    {
        _lists.TryGetValue(list, out var cached);
        var now = clock.GetUtcNow();
        if (StatusLists.Parse(list) is not { } name || await RevokedAsync(list, ct) is not { } revoked) return null;
        var fingerprint = string.Join(',', revoked);
        if (cached is not null && cached.Fingerprint == fingerprint)
        {
            _lists[list] = cached with { CheckedAt = now };
            return cached.Credential;
        }
        if (await keys.ExistingAsync(name.Jurisdiction, ct) is not { } key) return null;
        var kid = $"{settings.IssuerDid(name.Jurisdiction)}#{key.Key.KeyId}";
        var credential = CredentialDocuments.Sign(documents.StatusList(name.Jurisdiction, list, revoked, now, StatusListLifetime), kid, key.Signer);
        _lists[list] = new SignedList(credential, fingerprint, now);
        return credential;
    }

    /// <summary>Whether the entry of a list is revoked; null when no diploma holds it.</summary>
    private async Task<bool?> RevokedAsync(string jurisdiction, string list, int index, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var entries = await session.Query<DiplomaView>().Where(d => d.StatusList == list && d.StatusIndex == index)
            .Select(d => new { d.Status }).ToListAsync(ct);
        return entries.Count == 0 ? null : entries.Any(e => e.Status == DiplomaStatus.Revoked);
    }

    /// <summary>A jurisdiction's issuer keys, or null when it has none (it never issued a diploma).</summary>
    public async Task<IReadOnlyList<IssuerKey>?> IssuerKeysAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        return (await session.LoadAsync<IssuerView>(IssuerView.IdFor(jurisdiction), ct))?.Keys;
    }

    public async Task<JsonObject?> IssuerDocumentAsync(string jurisdiction, CancellationToken ct) =>
        await IssuerKeysAsync(jurisdiction, ct) is { } found ? documents.IssuerDocument(jurisdiction, found) : null;

    public async Task<JsonObject> HostDocumentAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var jurisdictions = await session.Query<IssuerView>().Where(i => i.AnyTenant()).Select(i => i.Jurisdiction).ToListAsync(ct);
        return documents.HostDocument([.. jurisdictions]);
    }

    /// <summary>
    /// Verifies a credential as any verifier would, from the public documents: the JWS's header (<c>typ: vc+jwt</c>, ES256, a
    /// <c>kid</c> of one of this deployment's issuers), its signature with that key of the issuer's DID document, the credential's
    /// issuer being the key's controller, and its status list entry.
    /// </summary>
    public async Task<Verification> VerifyAsync(string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonWebToken token;
        JsonObject? payload;
        try
        {
            token = new JsonWebToken(text.Trim());
            payload = JsonNode.Parse(Base64Url.DecodeFromChars(token.EncodedPayload)) as JsonObject;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException or SecurityTokenException)
        {
            return new Verification(Verdict.Malformed,
                "This is not a credential: a compact JWS (three base64url parts separated by dots) is expected.",
                null, null, null);
        }
        if (payload is null || token.Typ != "vc+jwt")
        {
            return new Verification(Verdict.Malformed, "This JWS is not a verifiable credential (its header's typ is not vc+jwt).", null, null, null);
        }
        var kid = token.Kid ?? "";
        var hash = kid.IndexOf('#', StringComparison.Ordinal);
        var did = hash > 0 ? kid[..hash] : kid;
        var jurisdiction = settings.JurisdictionOf(did);
        var issuerKeys = jurisdiction is null ? null : await IssuerKeysAsync(jurisdiction, ct);
        if (jurisdiction is null || issuerKeys is null)
        {
            return new Verification(Verdict.UnknownIssuer, $"The credential was signed by '{did}', not by an issuer this service knows.", did, null,
                null);
        }
        var issuerName = settings.IssuerName(jurisdiction);
        var key = issuerKeys.FirstOrDefault(k => $"{did}#{k.KeyId}" == kid);
        string? claimed;
        try
        {
            claimed = payload["issuer"] is JsonObject issuerObject ? issuerObject["id"]?.GetValue<string>() : payload["issuer"]?.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return new Verification(Verdict.Malformed, "The credential's issuer is neither a DID nor an object with one.", did, issuerName, null);
        }
        if (key is null || token.Alg != SecurityAlgorithms.EcdsaSha256 || claimed != did)
        {
            return new Verification(Verdict.Tampered, key is null
                ? $"The key '{kid}' is not one of {issuerName}'s keys: the credential is forged."
                : "The credential names another issuer than the one whose key signed it.", did, issuerName, null);
        }
        var jwk = new JsonWebKey { Kty = "EC", Crv = key.Curve, X = key.X, Y = key.Y };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(text.Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = jwk,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidTypes = ["vc+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        if (!result.IsValid)
        {
            return new Verification(Verdict.Tampered, "The signature does not match the content: the credential was changed after it was issued.",
                did, issuerName, null);
        }
        var status = payload["credentialStatus"] as JsonObject;
        var listUrl = status?["statusListCredential"] is JsonValue url && url.TryGetValue<string>(out var u) ? u : "";
        var indexText = status?["statusListIndex"] is JsonValue i && i.TryGetValue<string>(out var t) ? t : null;
        var prefix = settings.Public("credentials/status/").AbsoluteUri;
        var list = listUrl.StartsWith(prefix, StringComparison.Ordinal) ? listUrl[prefix.Length..] : null;
        if (list is null || StatusLists.Parse(list)?.Jurisdiction != jurisdiction
            || !int.TryParse(indexText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            || await RevokedAsync(jurisdiction, list, index, ct) is not { } revoked)
        {
            return new Verification(Verdict.Tampered, "The credential's revocation status entry is not one this issuer publishes.", did, issuerName,
                null);
        }
        return revoked
            ? new Verification(Verdict.Revoked, $"The credential is authentic but {issuerName} has revoked it.", did, issuerName, payload)
            : new Verification(Verdict.Valid, $"The credential is authentic, issued by {issuerName}, and not revoked.", did, issuerName, payload);
    }
}
