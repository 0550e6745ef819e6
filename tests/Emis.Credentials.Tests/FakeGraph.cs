using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Emis.Credentials.Tests;

/// <summary>
/// A fake Microsoft Graph on a real Kestrel port (127.0.0.1:0): the client-credentials token endpoint and the part of
/// Graph v1.0 Emis calls (users by userPrincipalName, user creation, education schools by externalId, school creation,
/// adding a user to a school). It checks what it receives — the bearer token, the required body fields, the UPN format —
/// and records every problem in <see cref="Problems"/>; it can throttle the next N requests (429 with Retry-After) and
/// refuse chosen users.
/// </summary>
public sealed partial class FakeGraph : IAsyncDisposable
{
    public const string TenantId = "fake-tenant";
    public const string ClientId = "emis-test-app";
    public const string ClientSecret = "fake-secret-value";

    /// <summary>The licences the fake tenant sells (as Office 365 A1 for students and for faculty).</summary>
    public static readonly Guid StudentSku = new("314c4481-f395-4525-be8b-2ec4bb1e9d91");
    public static readonly Guid TeacherSku = new("94763226-9b3c-4e75-a931-5c89701abe66");

    private readonly ConcurrentDictionary<string, byte> _tokens = new();
    private readonly ConcurrentDictionary<string, int> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private LoopbackServer? _server;
    private int _throttle;

    public Uri BaseAddress { get; private set; } = null!;
    public string GraphBaseUrl => new Uri(BaseAddress, "v1.0").ToString();

    /// <summary>Users by UPN (lower case).</summary>
    public ConcurrentDictionary<string, FakeUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, FakeSchool> Schools { get; } = new();

    /// <summary>How many times each UPN was created (POST /users answered 201).</summary>
    public ConcurrentDictionary<string, int> Creations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Problems { get; } = new();

    private int _throttled;
    private int _tokenRequests;

    /// <summary>How many requests were answered 429.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttled);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The next <paramref name="requests"/> Graph requests are answered 429 with Retry-After: 1.</summary>
    public void ThrottleNext(int requests) => Interlocked.Exchange(ref _throttle, requests);

    /// <summary>
    /// Creating this user, or changing it once it exists, is answered with the status (400/403: refused, 500: server error)
    /// until <see cref="Heal"/>.
    /// </summary>
    public void Fail(string userPrincipalName, int status) => _failing[userPrincipalName] = status;

    public void Heal(string userPrincipalName) => _failing.TryRemove(userPrincipalName, out _);

    /// <summary>A user that exists in the tenant already (made by hand before Emis provisioned it).</summary>
    public FakeUser Seed(string userPrincipalName, string displayName)
    {
        var user = new FakeUser(Guid.NewGuid().ToString(), userPrincipalName, displayName, "seeded");
        Users[userPrincipalName] = user;
        return user;
    }

    public IReadOnlyDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["Emis:Credentials:Graph:BaseUrl"] = GraphBaseUrl,
        ["Emis:Credentials:Graph:Authority"] = BaseAddress.ToString().TrimEnd('/'),
        ["Emis:Credentials:Graph:TenantId"] = TenantId,
        ["Emis:Credentials:Graph:ClientId"] = ClientId,
        ["Emis:Credentials:Graph:ClientSecret"] = ClientSecret,
        ["Emis:Credentials:Graph:RetryDelay"] = "00:00:00.200",
        ["Emis:Credentials:Graph:MaxRetriesPerRequest"] = "3",
        ["Emis:Credentials:Graph:UsageLocation"] = "XK",
        ["Emis:Credentials:Graph:StudentSku"] = StudentSku.ToString(),
        ["Emis:Credentials:Graph:TeacherSku"] = TeacherSku.ToString(),
        ["Emis:Credentials:Graph:BatchSize"] = "4",
    };

    /// <summary>Kestrel on its own, without a generic host: nothing here needs one.</summary>
    public async Task StartAsync()
    {
        _server = await LoopbackServer.StartAsync(HandleAsync);
        BaseAddress = _server.Address;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }


    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var method = http.Request.Method;
        if (method == "POST" && path == $"/{TenantId}/oauth2/v2.0/token")
        {
            await TokenAsync(http);
            return;
        }
        if (!path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            await Problem(http, 404, "UnknownEndpoint", $"{method} {path}");
            return;
        }
        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(auth["Bearer ".Length..]))
        {
            await Problem(http, 401, "InvalidAuthenticationToken", $"{method} {path} without a valid bearer token");
            return;
        }
        if (TakeThrottle())
        {
            Interlocked.Increment(ref _throttled);
            http.Response.Headers.RetryAfter = "1";
            await Error(http, 429, "TooManyRequests", "Too many requests.");
            return;
        }

        var route = path["/v1.0".Length..];
        var match = SchoolUsersRef().Match(route);
        if (method == "GET" && route.StartsWith("/users/", StringComparison.Ordinal)) await GetUserAsync(http, route["/users/".Length..]);
        else if (method == "POST" && route == "/users") await CreateUserAsync(http);
        else if (method == "PATCH" && route.StartsWith("/users/", StringComparison.Ordinal)) await PatchUserAsync(http, route["/users/".Length..]);
        else if (method == "POST" && AssignLicense().Match(route) is { Success: true } licence)
        {
            await AssignLicenseAsync(http, licence.Groups[1].Value);
        }
        else if (method == "GET" && route == "/education/schools") await ListSchoolsAsync(http);
        else if (method == "POST" && route == "/education/schools") await CreateSchoolAsync(http);
        else if (method == "POST" && match.Success) await AddToSchoolAsync(http, match.Groups[1].Value);
        else await Problem(http, 404, "UnknownEndpoint", $"{method} {path}");
    }

    private bool TakeThrottle()
    {
        while (true)
        {
            var left = Volatile.Read(ref _throttle);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _throttle, left - 1, left) == left) return true;
        }
    }

    private async Task TokenAsync(HttpContext http)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await http.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret
            || form["scope"] != "https://graph.microsoft.com/.default")
        {
            Problems.Enqueue("token request with wrong grant, client or scope");
            await Json(http, 401, new JsonObject { ["error"] = "invalid_client" });
            return;
        }
        var token = "fake-" + Guid.NewGuid().ToString("N");
        _tokens[token] = 0;
        await Json(http, 200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["access_token"] = token });
    }

    private async Task GetUserAsync(HttpContext http, string upn)
    {
        if (Users.TryGetValue(upn, out var user)) await Json(http, 200, UserJson(user));
        else await Error(http, 404, "Request_ResourceNotFound",
            $"Resource '{upn}' does not exist or one of its queried reference-property objects are not present.");
    }

    private async Task CreateUserAsync(HttpContext http)
    {
        var body = await Body(http);
        var upn = body?["userPrincipalName"]?.GetValue<string>() ?? "";
        var problems = new List<string>();
        if (body?["accountEnabled"]?.GetValue<bool>() != true) problems.Add("accountEnabled must be true");
        if (string.IsNullOrWhiteSpace(body?["displayName"]?.GetValue<string>())) problems.Add("displayName is required");
        if (!Upn().IsMatch(upn)) problems.Add($"userPrincipalName '{upn}' is not a valid UPN");
        var nickname = body?["mailNickname"]?.GetValue<string>() ?? "";
        if (nickname.Length == 0 || !upn.StartsWith(nickname + "@", StringComparison.Ordinal))
        {
            problems.Add("mailNickname must be the UPN's local part");
        }
        var password = body?["passwordProfile"]?["password"]?.GetValue<string>() ?? "";
        if (password.Length < 8) problems.Add("passwordProfile.password is required (8 characters or more)");
        if (body?["passwordProfile"]?["forceChangePasswordNextSignIn"]?.GetValue<bool>() != true)
        {
            problems.Add("the initial password must be changed at first sign-in");
        }
        if (problems.Count > 0)
        {
            foreach (var p in problems) Problems.Enqueue(p);
            await Error(http, 400, "Request_BadRequest", string.Join("; ", problems));
            return;
        }
        if (_failing.TryGetValue(upn, out var status))
        {
            await Error(http, status, status >= 500 ? "InternalServerError" : "Request_BadRequest",
                status >= 500 ? "The service is unavailable." : "The request was refused.");
            return;
        }
        FakeUser? created = null;
        lock (_lock)
        {
            if (Users.ContainsKey(upn))
            {
                Problems.Enqueue("POST /users for a UPN that exists already (the user was not looked up first)");
            }
            else
            {
                created = new FakeUser(Guid.NewGuid().ToString(), upn, body!["displayName"]!.GetValue<string>(), password)
                {
                    UsageLocation = body["usageLocation"]?.GetValue<string>(),
                };
                Users[upn] = created;
                Creations.AddOrUpdate(upn, 1, (_, n) => n + 1);
            }
        }
        if (created is not null) await Json(http, 201, UserJson(created));
        else await Error(http, 400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.");
    }

    private FakeUser? UserById(string id) => Users.Values.FirstOrDefault(u => u.Id == id);

    private async Task PatchUserAsync(HttpContext http, string id)
    {
        var body = await Body(http);
        if (UserById(id) is not { } user)
        {
            await Error(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
            return;
        }
        if (_failing.TryGetValue(user.UserPrincipalName, out var status))
        {
            await Error(http, status, status >= 500 ? "InternalServerError" : "Authorization_RequestDenied",
                status >= 500 ? "The service is unavailable." : "Insufficient privileges to complete the operation.");
            return;
        }
        if (body?["usageLocation"]?.GetValue<string>() is { } location)
        {
            if (location.Length != 2) Problems.Enqueue($"usageLocation '{location}' is not a two-letter country code");
            user.UsageLocation = location;
        }
        if (body?["accountEnabled"]?.GetValue<bool>() is { } enabled) user.AccountEnabled = enabled;
        http.Response.StatusCode = 204;
    }

    /// <summary>As Graph: both lists are required, the SKU must be a GUID, and the user must have a usage location.</summary>
    private async Task AssignLicenseAsync(HttpContext http, string id)
    {
        var body = await Body(http);
        if (UserById(id) is not { } user)
        {
            await Error(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
            return;
        }
        if (body?["addLicenses"] is not JsonArray add || body["removeLicenses"] is not JsonArray)
        {
            Problems.Enqueue("assignLicense without addLicenses and removeLicenses");
            await Error(http, 400, "Request_BadRequest", "addLicenses and removeLicenses are required.");
            return;
        }
        if (user.UsageLocation is null)
        {
            Problems.Enqueue("assignLicense for a user without a usage location");
            await Error(http, 400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.");
            return;
        }
        foreach (var licence in add)
        {
            if (!Guid.TryParse(licence?["skuId"]?.GetValue<string>(), out var sku))
            {
                await Error(http, 400, "Request_BadRequest", "skuId is not a GUID.");
                return;
            }
            user.Licences[sku] = 0;
        }
        await Json(http, 200, UserJson(user));
    }

    private async Task ListSchoolsAsync(HttpContext http)
    {
        var filter = http.Request.Query["$filter"].ToString();
        var match = ExternalIdFilter().Match(filter);
        if (!match.Success)
        {
            Problems.Enqueue($"unexpected school filter '{filter}'");
            await Error(http, 400, "BadRequest", "Unsupported filter.");
            return;
        }
        var externalId = match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
        var found = Schools.Values.Where(s => s.ExternalId == externalId).Select(SchoolJson).ToArray();
        await Json(http, 200, new JsonObject { ["value"] = new JsonArray(found) });
    }

    private async Task CreateSchoolAsync(HttpContext http)
    {
        var body = await Body(http);
        var name = body?["displayName"]?.GetValue<string>();
        var externalId = body?["externalId"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(externalId))
        {
            Problems.Enqueue("a school needs displayName and externalId");
            await Error(http, 400, "Request_BadRequest", "displayName and externalId are required.");
            return;
        }
        FakeSchool school;
        lock (_lock)
        {
            if (Schools.Values.Any(s => s.ExternalId == externalId)) Problems.Enqueue($"school {externalId} created twice");
            school = new FakeSchool(Guid.NewGuid().ToString(), externalId, name);
            Schools[school.Id] = school;
        }
        await Json(http, 201, SchoolJson(school));
    }

    private async Task AddToSchoolAsync(HttpContext http, string schoolId)
    {
        var body = await Body(http);
        var reference = body?["@odata.id"]?.GetValue<string>() ?? "";
        var userId = reference.StartsWith(GraphBaseUrl + "/education/users/", StringComparison.Ordinal) ? reference.Split('/')[^1] : null;
        if (!Schools.TryGetValue(schoolId, out var school) || userId is null || Users.Values.All(u => u.Id != userId))
        {
            Problems.Enqueue($"bad school membership reference '{reference}' for school {schoolId}");
            await Error(http, 404, "Request_ResourceNotFound", "No such school or user.");
            return;
        }
        if (!school.Members.TryAdd(userId, 0))
        {
            await Error(http, 400, "Request_BadRequest",
                "One or more added object references already exist for the following modified properties: 'members'.");
            return;
        }
        http.Response.StatusCode = 204;
    }

    private static JsonObject UserJson(FakeUser user) => new()
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        ["id"] = user.Id,
        ["userPrincipalName"] = user.UserPrincipalName,
        ["displayName"] = user.DisplayName,
    };

    private static JsonObject SchoolJson(FakeSchool school) => new()
    {
        ["@odata.type"] = "#microsoft.graph.educationSchool",
        ["id"] = school.Id,
        ["externalId"] = school.ExternalId,
        ["displayName"] = school.DisplayName,
    };

    private static async Task<JsonNode?> Body(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static async Task Json(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext http, int status, string code, string message) =>
        Json(http, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private Task Problem(HttpContext http, int status, string code, string problem)
    {
        Problems.Enqueue(problem);
        return Error(http, status, code, problem);
    }

    [GeneratedRegex("^/users/([^/]+)/assignLicense$")]
    private static partial Regex AssignLicense();

    [GeneratedRegex("^/education/schools/([^/]+)/users/\\$ref$")]
    private static partial Regex SchoolUsersRef();

    [GeneratedRegex("^[A-Za-z0-9'._!#^~-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$")]
    private static partial Regex Upn();

    [GeneratedRegex("^externalId eq '((?:[^']|'')*)'$")]
    private static partial Regex ExternalIdFilter();
}

public sealed record FakeUser(string Id, string UserPrincipalName, string DisplayName, string Password)
{
    /// <summary>ISO 3166 country code; Graph refuses a licence to a user without one.</summary>
    public string? UsageLocation { get; set; }

    /// <summary>Whether the user can sign in (false once disabled).</summary>
    public bool AccountEnabled { get; set; } = true;

    /// <summary>The SKUs assigned (assignLicense).</summary>
    public ConcurrentDictionary<Guid, byte> Licences { get; } = new();
}

public sealed record FakeSchool(string Id, string ExternalId, string DisplayName)
{
    public ConcurrentDictionary<string, byte> Members { get; } = new();
}

/// <summary>An Emis host configured to provision accounts on its own <see cref="FakeGraph"/>.</summary>
public sealed class CredentialsHostFixture : EmisHostFixture
{
    /// <summary>A jurisdiction whose account domain is configured (the others get the default).</summary>
    public const string ConfiguredJurisdiction = "kosovo-test";
    public const string ConfiguredDomain = "shkollat.example";

    public FakeGraph Graph { get; } = new();

    protected override Task BeforeHostStartsAsync() => Graph.StartAsync();

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>(Graph.HostSettings())
    {
        [$"Emis:Credentials:Domains:{ConfiguredJurisdiction}"] = ConfiguredDomain,
    };

    protected override async Task AfterHostStopsAsync() => await Graph.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CredentialsCollection : ICollectionFixture<CredentialsHostFixture>
{
    public const string Name = "credentials";
}
