using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Credentials.Diplomas.Pages;

/// <summary>
/// The public pages of diplomas, open to anyone without a token (an employer, a university, the holder):
/// <list type="bullet">
/// <item><c>GET /verify</c> (<c>?id=</c>, <c>?lang=</c>): the verify page, static HTML, CSS and JS embedded in this assembly; it
/// calls <c>POST /credentials/verify</c> from the browser, and nothing is fetched from anywhere else;</item>
/// <item><c>GET /credentials/{id}/print</c> (<c>?lang=sq|bs|tr|en</c>): the printable diploma, rendered from the credential's payload,
/// with a QR code linking to the verify page, marked as revoked when its issuer revoked it; a 404 page when there is no such
/// credential.</item>
/// </list>
/// </summary>
public static class DiplomaPageEndpoints
{
    private static readonly ConcurrentDictionary<string, byte[]> Resources = new(StringComparer.Ordinal);

    /// <summary>The verify page's files and their content types (nothing else is served from the resources).</summary>
    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["verify.css"] = "text/css; charset=utf-8",
        ["verify.js"] = "text/javascript; charset=utf-8",
    };

    // The page runs only its own script and style and talks only to its own origin.
    private const string VerifyPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The printed diploma has no script at all; its style is inline so that one file prints.
    private const string PrintPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'";

    [WolverineGet("/verify")]
    public static IResult VerifyPage(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Secure(http, VerifyPolicy);
        return Results.Bytes(Resource("verify.html"), "text/html; charset=utf-8");
    }

    [WolverineGet("/verify/assets/{name}")]
    public static IResult VerifyAsset(HttpContext http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Assets.TryGetValue(name, out var contentType)) return Results.NotFound();
        Secure(http, VerifyPolicy);
        return Results.Bytes(Resource(name), contentType);
    }

    [WolverineGet("/credentials/{id}/print")]
    public static async Task<IResult> Print(HttpContext http, Guid id, PublicCredentials credentials, DiplomaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(settings);
        var language = PageLanguages.Pick(http.Request.Query["lang"].FirstOrDefault());
        string Link(string lang) => $"/credentials/{id}/print?lang={lang}";
        Secure(http, PrintPolicy);
        var jws = await credentials.CredentialJwtAsync(id, http.RequestAborted);
        if (jws is null || DiplomaPrintPage.PayloadOf(jws) is not { } payload)
        {
            return Results.Content(DiplomaPrintPage.NotFound(language, Link), "text/html; charset=utf-8", Encoding.UTF8,
                StatusCodes.Status404NotFound);
        }
        var verifyUrl = settings.Public($"verify?id={id}");
        // Printed from Emis's own store, so not checked for tampering; but a revoked diploma must not print as a good one.
        var revoked = (await credentials.VerifyAsync(jws, http.RequestAborted)).Verdict == Verdict.Revoked;
        return Results.Content(DiplomaPrintPage.Render(payload, verifyUrl, language, Link, revoked), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static void Secure(HttpContext http, string policy)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // A new release may change the page and its script together: always revalidated.
        headers.CacheControl = "no-cache";
    }

    internal static byte[] Resource(string name) => Resources.GetOrAdd(name, static file =>
    {
        using var stream = typeof(DiplomaPageEndpoints).Assembly.GetManifestResourceStream($"Emis.Credentials.Diplomas.Pages.{file}")
            ?? throw new InvalidOperationException($"The verify page's {file} is not embedded in the Credentials assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
