using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// The public documents of diplomas (no token needed; any origin may read them, as verifiers run anywhere):
/// <c>GET /credentials/{id}</c> (the credential, <c>application/vc+jwt</c>), <c>GET /credentials/status/{list}</c> (the status
/// list credential, cached briefly), <c>POST /credentials/verify</c> (a verdict on a pasted credential),
/// <c>GET /.well-known/did.json</c> and <c>GET /{jurisdiction}/did.json</c> (the did:web DID documents).
/// </summary>
public static class DiplomaEndpoints
{
    public const string DidMediaType = "application/did+json";

    /// <summary>The largest credential the verifier reads (a diploma with every subject is a few kilobytes).</summary>
    public const int MaxCredentialBytes = 64 * 1024;

    [WolverineGet("/credentials/{id}")]
    public static async Task<IResult> Credential(Guid id, HttpContext http, PublicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        Public(http);
        return await credentials.CredentialJwtAsync(id, http.RequestAborted) is { } jwt
            ? Results.Text(jwt, CredentialDocuments.MediaType, Encoding.ASCII)
            : NotFound($"There is no issued credential with id {id}.");
    }

    [WolverineGet("/credentials/status/{list}")]
    public static async Task<IResult> StatusList(string list, HttpContext http, PublicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        Public(http);
        if (await credentials.StatusListAsync(list, http.RequestAborted) is not { } jwt) return NotFound($"There is no status list '{list}'.");
        http.Response.Headers.CacheControl = $"public, max-age={(int)PublicCredentials.StatusListLifetime.TotalSeconds}";
        return Results.Text(jwt, CredentialDocuments.MediaType, Encoding.ASCII);
    }

    [WolverinePost("/credentials/verify")]
    public static async Task<IResult> Verify(HttpContext http, PublicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        Public(http);
        var buffer = new byte[MaxCredentialBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await http.Request.Body.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0) read += n;
        if (read > MaxCredentialBytes)
        {
            var error = new { code = "TOO_LARGE", field = "credential", message = $"A credential is at most {MaxCredentialBytes} bytes." };
            return Results.Json(new { error }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
        // A JSON body {"credential": "…"} is accepted too.
        if (text.StartsWith('{'))
        {
            try
            {
                text = JsonNode.Parse(text)?["credential"]?.GetValue<string>() ?? "";
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                text = "";
            }
        }
        var result = await credentials.VerifyAsync(text, http.RequestAborted);
        var body = new JsonObject
        {
            ["verdict"] = VerdictName(result.Verdict),
            ["reason"] = result.Reason,
            ["issuer"] = result.IssuerId is null ? null : new JsonObject { ["id"] = result.IssuerId, ["name"] = result.IssuerName },
            ["credential"] = result.Credential?.DeepClone(),
        };
        return Results.Text(body.ToJsonString(CredentialDocuments.Json), "application/json", Encoding.UTF8);
    }

    [WolverineGet("/.well-known/did.json")]
    public static async Task<IResult> HostDid(HttpContext http, PublicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        Public(http);
        return Did(await credentials.HostDocumentAsync(http.RequestAborted));
    }

    [WolverineGet("/{jurisdiction}/did.json")]
    public static async Task<IResult> IssuerDid(string jurisdiction, HttpContext http, PublicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        Public(http);
        return await credentials.IssuerDocumentAsync(jurisdiction, http.RequestAborted) is { } document
            ? Did(document)
            : NotFound($"There is no diploma issuer '{jurisdiction}'.");
    }

    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Valid => "valid",
        Verdict.Revoked => "revoked",
        Verdict.Tampered => "tampered",
        Verdict.UnknownIssuer => "unknown_issuer",
        _ => "malformed",
    };

    private static IResult Did(JsonObject document) => Results.Text(document.ToJsonString(CredentialDocuments.Json), DidMediaType, Encoding.UTF8);

    private static void Public(HttpContext http) => http.Response.Headers.AccessControlAllowOrigin = "*";

    private static IResult NotFound(string message) =>
        Results.Json(new { error = new { code = "NOT_FOUND", message } }, statusCode: StatusCodes.Status404NotFound);
}
