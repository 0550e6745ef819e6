using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Emis.Features.AuditTrail;
using Emis.Host;
using Emis.Platform.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace Emis.Testing;

public class EmisHostFixture : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789";

    /// <summary>32 bytes, base64: the tests' key-encryption key for diploma signing keys.</summary>
    public const string DiplomaKeyEncryptionKey = "ZW1pcy10ZXN0LWRpcGxvbWEta2V5LWVuY3J5cHRpb24=";

    /// <summary>How long a test waits for the host's background work (a tracked session's timeout) before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _database = "emis_test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Held while a host starts, so that hosts start one at a time, as they always have here (each start migrates a database
    /// and warms up its handlers and schema). It is about load, not about which host is whose: WebApplicationFactory, under
    /// Alba, takes only the host built on its own entry point's async flow. Tests that build hosts of their own take it too.
    /// </summary>
    public static readonly SemaphoreSlim StartGate = new(1, 1);

    private readonly KestrelFrontDoor _frontDoor = new();
    private IAlbaHost? _host;

    /// <summary>The running host: for Alba scenarios and Wolverine tracked sessions (<c>Host.TrackActivity()</c>).</summary>
    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>A client of the host through Alba's in-memory server (TestServer).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Every log line the host writes (warnings and above), to prove what never reaches a log.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The host's real port (http://127.0.0.1:N/), for clients that need a socket.</summary>
    public Uri BaseAddress => _frontDoor.Address;

    public IServiceProvider Services => Host.Services;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable("EMIS_TEST_DB")
            ?? throw new InvalidOperationException("EMIS_TEST_DB is not set: run the tests with ./emis test, which starts PostgreSQL.");
        await using (var connection = new NpgsqlConnection(admin + ";Database=postgres"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {_database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = admin + ";Database=" + _database;

        await BeforeHostStartsAsync();
        await StartGate.WaitAsync();
        try
        {
            _host = await StartAsync(ConnectionString, Settings(), Logs, _frontDoor);
        }
        finally
        {
            StartGate.Release();
        }
        await _frontDoor.StartAsync(Host.Services);
        // Over real HTTP to the front door's Kestrel, as clients reach Emis (request size limits, connection features and
        // headers are Kestrel's, not an in-memory server's); redirects followed, as a browser would. Alba's own in-memory
        // scenarios stay available through Host.
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, UseCookies = true })
        {
            BaseAddress = BaseAddress,
        };
    }

    /// <summary>
    /// Starts an Emis host with Alba on the database: built by the host's own entry point (<see cref="EmisProgram"/>, as
    /// <c>./emis up</c> builds it), with the test settings laid over its configuration. Callers hold <see cref="StartGate"/>.
    /// </summary>
    public static async Task<IAlbaHost> StartAsync(string connectionString, IReadOnlyDictionary<string, string?> settings,
        ILoggerProvider? logs = null, KestrelFrontDoor? frontDoor = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["EMIS_DB"] = connectionString,
            ["Emis:Auth:SigningKey"] = SigningKey,
            ["Emis:Demo:Load"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // The host's own hash-chain worker (every 5 minutes) stays off: the tests extend the chain when they mean to, and
            // the worker's own test runs one of its own.
            [HashChainWorker.IntervalSetting] = "00:00:00",
            // Diplomas are signed with keys stored encrypted under this key-encryption key (a test's own; adr/0034).
            ["Emis:Credentials:Diplomas:KeyEncryptionKey"] = DiplomaKeyEncryptionKey,
        };
        foreach (var (key, value) in settings) configuration[key] = value;
        return await AlbaHost.For<EmisProgram>(builder =>
            {
                builder.ConfigureLogging(logging =>
                {
                    if (logs is not null) logging.AddProvider(logs);
                });
                if (frontDoor is not null) builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(frontDoor));
            })
            .WithConfiguration(configuration);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await _frontDoor.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = Environment.GetEnvironmentVariable("EMIS_TEST_DB")!;
        await using var connection = new NpgsqlConnection(admin + ";Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
        await AfterHostStopsAsync();
    }

    /// <summary>
    /// Runs the action in a Wolverine tracked session and returns once every message it set off in the host has been
    /// handled (a module's integration events reaching the other modules, account provisioning after an import), or
    /// once the session's <paramref name="conditions"/> hold when there are any. Fails on timeout and on any exception a
    /// handler threw meanwhile.
    /// </summary>
    public async Task<ITrackedSession> TrackedAsync(Func<Task> action, params ITrackedCondition[] conditions)
    {
        var session = Host.TrackActivity(Patience);
        foreach (var condition in conditions) session.WaitForCondition(condition);
        return await session.ExecuteAndWaitAsync((IMessageContext _) => action());
    }

    /// <summary>Like <see cref="TrackedAsync(Func{Task}, ITrackedCondition[])"/>, returning what the action returned.</summary>
    public async Task<T> TrackedAsync<T>(Func<Task<T>> action, params ITrackedCondition[] conditions)
    {
        T result = default!;
        async Task Run() => result = await action();
        await TrackedAsync(Run, conditions);
        return result;
    }

    /// <summary>Runs before the host is built: start what the host will be configured to reach.</summary>
    protected virtual Task BeforeHostStartsAsync() => Task.CompletedTask;

    /// <summary>Extra host settings (configuration keys and values), applied after the fixture's own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    /// <summary>Runs once the host is stopped and its database dropped.</summary>
    protected virtual Task AfterHostStopsAsync() => Task.CompletedTask;

    public string Token(Caller caller) => new LocalTokenIssuer(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = SigningKey }).Build()).Issue(caller);

    /// <summary>POSTs a GraphQL request as the caller and returns the whole response body.</summary>
    public async Task<JsonObject> GraphQLAsync(Caller? caller, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(caller));
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException($"not JSON: {body}");
    }

    /// <summary>Like <see cref="GraphQLAsync"/>, but fails the test on any GraphQL error and returns <c>data</c>.</summary>
    public async Task<JsonObject> DataAsync(Caller caller, string query, object? variables = null)
    {
        var result = await GraphQLAsync(caller, query, variables);
        if (result["errors"] is JsonArray { Count: > 0 } errors) throw new Xunit.Sdk.XunitException("GraphQL errors: " + errors.ToJsonString());
        return result["data"]!.AsObject();
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
