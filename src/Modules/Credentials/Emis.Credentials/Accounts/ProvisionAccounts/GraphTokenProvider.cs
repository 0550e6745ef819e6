using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Emis.Credentials.Accounts.ProvisionAccounts;

/// <summary>
/// App-only tokens for Microsoft Graph by the OAuth 2.0 client-credentials grant against
/// <c>&lt;authority&gt;/&lt;tenant&gt;/oauth2/v2.0/token</c>, cached until shortly before they expire. Sent only to the
/// configured Graph host, and only over HTTPS (plain HTTP is accepted for a loopback address, where tests run a fake).
/// </summary>
internal sealed class GraphTokenProvider(GraphSettings settings, HttpClient http, TimeProvider clock) : IAccessTokenProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public AllowedHostsValidator AllowedHostsValidator { get; } = new([new Uri(settings.BaseUrl).Host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!AllowedHostsValidator.IsUrlHostValid(uri)) return "";
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new InvalidOperationException("Microsoft Graph must be reached over HTTPS.");
        }
        if (_token is { } cached && clock.GetUtcNow() < _expires) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && clock.GetUtcNow() < _expires) return fresh;
            using var request = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ClientId!,
                ["client_secret"] = settings.ClientSecret!,
                ["scope"] = "https://graph.microsoft.com/.default",
            });
            using var response = await http.PostAsync(settings.TokenEndpoint, request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo the client id; the status is enough to act on.
                throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new HttpRequestException("The token endpoint answered without a token.");
            _token = token.AccessToken;
            // Renewed five minutes early (or at half its life for short tokens) so no request goes out with a stale one.
            var life = TimeSpan.FromSeconds(Math.Max(token.ExpiresIn, 60));
            _expires = clock.GetUtcNow() + life - TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, life.Ticks / 2));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
