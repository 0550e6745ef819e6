using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Emis.Credentials;

/// <summary>
/// Configuration of the Credentials module, read from <c>Emis:Credentials</c> each time it is needed (so that settings
/// added late, by tests or hosting platforms, are honoured):
/// <list type="bullet">
/// <item><c>Domains:&lt;jurisdiction&gt;</c>: the domain account names are issued in (default <c>&lt;jurisdiction&gt;.emis.example</c>);</item>
/// <item><c>Graph:TenantId</c>, <c>Graph:ClientId</c>, <c>Graph:ClientSecret</c>: the app registration provisioning uses
/// (client credentials); without all three, provisioning is off and accounts stay ISSUED;</item>
/// <item><c>Graph:BaseUrl</c> (default <c>https://graph.microsoft.com/v1.0</c>), <c>Graph:Authority</c> (default
/// <c>https://login.microsoftonline.com</c>; the token comes from <c>&lt;authority&gt;/&lt;tenant&gt;/oauth2/v2.0/token</c>);</item>
/// <item><c>Graph:BatchSize</c> (accounts per provisioning message, default 100), <c>Graph:MaxAttempts</c> (default 5),
/// <c>Graph:RetryDelay</c> (first delay before a failed account is retried, doubled each time, default 00:00:30),
/// <c>Graph:MaxRetriesPerRequest</c> (throttled requests retried in place honouring Retry-After, default 5, at most 10),
/// <c>Graph:Parallelism</c> (provisioning messages handled at once per node, default 2).</item>
/// </list>
/// </summary>
public sealed class CredentialsSettings(IConfiguration configuration)
{
    public const string Section = "Emis:Credentials";

    public string DomainOf(string jurisdiction) =>
        configuration[$"{Section}:Domains:{jurisdiction}"] is { Length: > 0 } domain
            ? domain.Trim().ToLowerInvariant()
            : $"{jurisdiction.Trim().ToLowerInvariant()}.emis.example";

    public GraphSettings Graph => new(
        Text("Graph:BaseUrl") ?? "https://graph.microsoft.com/v1.0",
        Text("Graph:Authority") ?? "https://login.microsoftonline.com",
        Text("Graph:TenantId"),
        Text("Graph:ClientId"),
        Text("Graph:ClientSecret"),
        Number("Graph:BatchSize", 100, 1, 1000),
        Number("Graph:MaxAttempts", 5, 1, 100),
        Duration("Graph:RetryDelay", TimeSpan.FromSeconds(30)),
        Number("Graph:MaxRetriesPerRequest", 5, 0, 10),
        Number("Graph:Parallelism", 2, 1, 64),
        Text("Graph:UsageLocation")?.ToUpperInvariant(),
        Sku("Graph:StudentSku"),
        Sku("Graph:TeacherSku"));

    private Guid? Sku(string key) => Guid.TryParse(Text(key), out var sku) ? sku : null;

    private string? Text(string key) => configuration[$"{Section}:{key}"] is { Length: > 0 } value ? value.Trim() : null;

    private int Number(string key, int fallback, int min, int max) =>
        int.TryParse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? Math.Clamp(value, min, max) : fallback;

    private TimeSpan Duration(string key, TimeSpan fallback) =>
        TimeSpan.TryParse(Text(key), CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero ? value : fallback;
}

/// <summary>How provisioning reaches Microsoft Graph. The client secret is never logged or printed.</summary>
public sealed record GraphSettings(
    string BaseUrl,
    string Authority,
    string? TenantId,
    string? ClientId,
    string? ClientSecret,
    int BatchSize,
    int MaxAttempts,
    TimeSpan RetryDelay,
    int MaxRetriesPerRequest,
    int Parallelism,
    string? UsageLocation = null,
    Guid? StudentSku = null,
    Guid? TeacherSku = null)
{
    /// <summary>
    /// The Microsoft 365 licence (SKU id) an account of this kind is given: learners the student SKU, staff the teacher SKU
    /// (for example Office 365 A1 for students and for faculty); null when none is configured. Licences need the user's
    /// usage location (<see cref="UsageLocation"/>, an ISO 3166 country code such as BA or XK).
    /// </summary>
    public Guid? SkuFor(Contracts.PersonKind kind) => UsageLocation is null ? null : kind == Contracts.PersonKind.Staff ? TeacherSku : StudentSku;

    public bool IsConfigured => TenantId is not null && ClientId is not null && ClientSecret is not null;

    public Uri TokenEndpoint => new($"{Authority.TrimEnd('/')}/{Uri.EscapeDataString(TenantId ?? "")}/oauth2/v2.0/token");

    /// <summary>The delay before the given failed attempt is retried: doubled each time, at most an hour.</summary>
    public TimeSpan RetryDelayAfter(int attempt) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempt - 1, 0, 20))));

    public override string ToString() =>
        $"GraphSettings {{ BaseUrl = {BaseUrl}, Authority = {Authority}, TenantId = {TenantId}, ClientId = {ClientId} }}";
}
