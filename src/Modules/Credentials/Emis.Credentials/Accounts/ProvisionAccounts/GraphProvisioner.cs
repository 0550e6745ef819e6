using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Emis.Credentials.Accounts.ProvisionAccounts;

/// <summary>What one provisioning attempt of one account came to.</summary>
/// <param name="GraphUserId">The user's object id, when the attempt succeeded.</param>
/// <param name="Failure">Why it failed: Graph's status and error code (never the account name), or the transport failure.</param>
/// <param name="Transient">Whether trying again later may succeed (throttling, server or network errors).</param>
/// <param name="RetryAfter">How long Graph asked us to wait, when it throttled us.</param>
public sealed record ProvisioningResult(string? GraphUserId, string? GraphSchoolId, string? Failure, bool Transient, TimeSpan? RetryAfter,
    int? Status = null)
{
    public bool Succeeded => Failure is null && GraphUserId is not null;

    public bool Throttled => Status == 429;

    public static ProvisioningResult Success(string userId, string? schoolId) => new(userId, schoolId, null, false, null);
}

/// <summary>
/// Creates accounts in the jurisdiction's Microsoft 365 tenant through Microsoft Graph (SDK 5), idempotently: the user is
/// looked up by userPrincipalName first and created only if absent; the school is found by its externalId (the school
/// code) or created; the user is added to it, an existing membership counting as done. Throttled requests (429, 503, 504)
/// are retried in place by the SDK's retry handler, honouring Retry-After, a bounded number of times.
/// </summary>
public sealed partial class GraphProvisioner(CredentialsSettings settings, TimeProvider clock, ILogger<GraphProvisioner> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, string> _schoolIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _schoolGates = new(StringComparer.Ordinal);
    private Connection? _connection;

    public GraphSettings Settings => settings.Graph;

    public Task<ProvisioningResult> ProvisionAsync(Account account, string schoolName, CancellationToken ct) =>
        AttemptAsync(account, async client =>
        {
            var graph = Settings;
            var userId = await FindUserAsync(client, account.Username, ct);
            if (userId is null)
            {
                try
                {
                    var created = await client.Users.PostAsync(NewUser(account), cancellationToken: ct);
                    userId = created?.Id ?? throw new InvalidOperationException("Microsoft Graph created a user without an id.");
                }
                catch (ODataError e) when (e.ResponseStatusCode == 400 && IsAlreadyThere(e))
                {
                    // Created meanwhile by a concurrent attempt: take that one.
                    userId = await FindUserAsync(client, account.Username, ct);
                    if (userId is null) throw;
                }
            }
            if (graph.SkuFor(account.Kind) is { } sku) await LicenseAsync(client, graph, userId, sku, ct);
            var schoolId = await SchoolIdAsync(client, graph, account.SchoolCode, schoolName, ct);
            await AddToSchoolAsync(client, graph, schoolId, userId, ct);
            return ProvisioningResult.Success(userId, schoolId);
        }, ct);

    /// <summary>
    /// Disables a retired account's user (accountEnabled false), found by its account name: a user made by a provisioning
    /// attempt still in flight when the account was retired is found too. Idempotent. A user that does not exist gives a
    /// success without a user id (there is nothing to disable).
    /// </summary>
    public Task<ProvisioningResult> DisableAsync(Account account, CancellationToken ct) =>
        AttemptAsync(account, async client =>
        {
            var userId = await FindUserAsync(client, account.Username, ct);
            if (userId is null) return new ProvisioningResult(null, null, null, false, null);
            await client.Users[userId].PatchAsync(new User { AccountEnabled = false }, cancellationToken: ct);
            return ProvisioningResult.Success(userId, null);
        }, ct);

    /// <summary>One attempt against Graph; what fails becomes a result saying whether trying again may help.</summary>
    private async Task<ProvisioningResult> AttemptAsync(Account account, Func<GraphServiceClient, Task<ProvisioningResult>> attempt,
        CancellationToken ct)
    {
        var graph = Settings;
        if (!graph.IsConfigured) throw new InvalidOperationException("Microsoft Graph is not configured.");
        var client = ClientFor(graph);
        try
        {
            return await attempt(client);
        }
        catch (ODataError e)
        {
            return Failed(account, e.ResponseStatusCode, e.Error?.Code, e.ResponseHeaders);
        }
        catch (ApiException e)
        {
            return Failed(account, e.ResponseStatusCode, null, e.ResponseHeaders);
        }
        catch (HttpRequestException e)
        {
            LogTransportFailure(logger, account.Id, e.HttpRequestError.ToString());
            return new ProvisioningResult(null, null, $"Microsoft Graph could not be reached ({e.HttpRequestError}).", true, null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            LogTransportFailure(logger, account.Id, "timeout");
            return new ProvisioningResult(null, null, "Microsoft Graph did not answer in time.", true, null);
        }
    }

    private ProvisioningResult Failed(Account account, int status, string? code, IDictionary<string, IEnumerable<string>>? headers)
    {
        var transient = status is 408 or 429 or >= 500;
        LogGraphFailure(logger, account.Id, status, code ?? "-", transient);
        // Status and code only: Graph's free-text message can quote the account name, and the reason is shown to callers
        // who may not see personal data.
        var reason = $"Microsoft Graph answered {status.ToString(CultureInfo.InvariantCulture)}" + (code is null ? "" : $" {code}");
        return new ProvisioningResult(null, null, reason, transient, RetryAfter(headers), status);
    }

    private static async Task<string?> FindUserAsync(GraphServiceClient client, string userPrincipalName, CancellationToken ct)
    {
        try
        {
            var user = await client.Users[userPrincipalName].GetAsync(r => r.QueryParameters.Select = ["id", "userPrincipalName"], ct);
            return user?.Id;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives the user the licence of their kind (teacher or student SKU). The usage location is set first: Graph refuses a
    /// licence without one, and a user made by hand may lack it. Assigning a licence the user already has changes nothing.
    /// </summary>
    private static async Task LicenseAsync(GraphServiceClient client, GraphSettings graph, string userId, Guid sku, CancellationToken ct)
    {
        await client.Users[userId].PatchAsync(new User { UsageLocation = graph.UsageLocation }, cancellationToken: ct);
        await client.Users[userId].AssignLicense.PostAsync(new Microsoft.Graph.Users.Item.AssignLicense.AssignLicensePostRequestBody
        {
            AddLicenses = [new AssignedLicense { SkuId = sku }],
            RemoveLicenses = [],
        }, cancellationToken: ct);
    }

    private User NewUser(Account account) => new()
    {
        UsageLocation = Settings.UsageLocation,
        AccountEnabled = true,
        DisplayName = account.DisplayName,
        GivenName = account.FirstName,
        Surname = account.LastName,
        MailNickname = account.Username[..account.Username.IndexOf('@', StringComparison.Ordinal)],
        UserPrincipalName = account.Username,
        PasswordProfile = new PasswordProfile { ForceChangePasswordNextSignIn = true, Password = InitialPassword() },
    };

    private async Task<string> SchoolIdAsync(GraphServiceClient client, GraphSettings graph, string code, string name, CancellationToken ct)
    {
        var key = $"{graph.BaseUrl}|{graph.TenantId}|{code}";
        if (_schoolIds.TryGetValue(key, out var known)) return known;
        // One lookup-or-create per school at a time on this node, so parallel batches do not create a school twice.
        var gate = _schoolGates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_schoolIds.TryGetValue(key, out known)) return known;
            var found = await client.Education.Schools.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"externalId eq '{code.Replace("'", "''", StringComparison.Ordinal)}'";
                r.QueryParameters.Select = ["id", "externalId"];
            }, ct);
            var id = found?.Value?.FirstOrDefault(s => s.ExternalId == code)?.Id;
            if (id is null)
            {
                var created = await client.Education.Schools.PostAsync(new EducationSchool
                {
                    DisplayName = name,
                    Description = $"{name} ({code})",
                    ExternalId = code,
                    ExternalSource = EducationExternalSource.Sis,
                    ExternalSourceDetail = "Emis",
                    SchoolNumber = code,
                }, cancellationToken: ct);
                id = created?.Id ?? throw new InvalidOperationException("Microsoft Graph created a school without an id.");
                LogSchoolCreated(logger, code);
            }
            _schoolIds[key] = id;
            return id;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task AddToSchoolAsync(GraphServiceClient client, GraphSettings graph, string schoolId, string userId, CancellationToken ct)
    {
        try
        {
            await client.Education.Schools[schoolId].Users.Ref.PostAsync(
                new ReferenceCreate { OdataId = $"{graph.BaseUrl.TrimEnd('/')}/education/users/{userId}" }, cancellationToken: ct);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 400 && IsAlreadyThere(e))
        {
            // Already a member (a re-run after a success, or after a failure past this point): nothing to do.
        }
    }

    private static bool IsAlreadyThere(ODataError e) =>
        e.Error?.Message?.Contains("already exist", StringComparison.OrdinalIgnoreCase) == true;

    private static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        if (headers is null) return null;
        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        return RetryConditionHeaderValue.TryParse(value, out var parsed) && parsed.Date is { } at ? at - DateTimeOffset.UtcNow : null;
    }

    /// <summary>A random password for the first sign-in (changed then): 16 characters from all four character classes.</summary>
    public static string InitialPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#$%&*+-=?@^_~";
        const string all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            RandomNumberGenerator.GetItems<char>(upper, 1)[0],
            RandomNumberGenerator.GetItems<char>(lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(digits, 1)[0],
            RandomNumberGenerator.GetItems<char>(symbols, 1)[0],
        };
        chars.AddRange(RandomNumberGenerator.GetItems<char>(all, 12));
        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled);
        return new string(shuffled);
    }

    private GraphServiceClient ClientFor(GraphSettings graph)
    {
        lock (_lock)
        {
            if (_connection is { } current && current.Settings == graph) return current.Client;
            _connection?.Dispose();
            var handlers = GraphClientFactory.CreateDefaultHandlers();
            for (var i = 0; i < handlers.Count; i++)
            {
                if (handlers[i] is RetryHandler)
                {
                    handlers[i] = new RetryHandler(new RetryHandlerOption { MaxRetry = graph.MaxRetriesPerRequest, Delay = 1 });
                }
            }
            var http = GraphClientFactory.Create(handlers);
            var tokenHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var tokens = new GraphTokenProvider(graph, tokenHttp, clock);
            var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), graph.BaseUrl.TrimEnd('/'));
            _connection = new Connection(graph, client, http, tokenHttp);
            return client;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection?.Dispose();
            _connection = null;
        }
        foreach (var gate in _schoolGates.Values) gate.Dispose();
    }

    private sealed record Connection(GraphSettings Settings, GraphServiceClient Client, HttpClient Http, HttpClient TokenHttp) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Http.Dispose();
            TokenHttp.Dispose();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Graph call for account {AccountId} failed: Microsoft Graph answered {Status} {Code} (retry: {Transient})")]
    private static partial void LogGraphFailure(ILogger logger, Guid accountId, int status, string code, bool transient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph call for account {AccountId} failed: Microsoft Graph could not be reached ({Failure})")]
    private static partial void LogTransportFailure(ILogger logger, Guid accountId, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the education school {SchoolCode} in Microsoft 365")]
    private static partial void LogSchoolCreated(ILogger logger, string schoolCode);
}
