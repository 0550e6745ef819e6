using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Host;
using Emis.Platform.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// One Emis host per test collection, on a real port (Kestrel), against a fresh database in the PostgreSQL that
/// <c>./emis test</c> started (EMIS_TEST_DB). Tests isolate themselves by jurisdiction. A collection that needs the host
/// configured differently (another service to talk to) derives from it and overrides <see cref="BeforeHostStartsAsync"/>,
/// <see cref="Settings"/> and <see cref="AfterHostStopsAsync"/>.
/// </summary>
public class EmisHostFixture : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789";
    private readonly string _database = "emis_test_" + Guid.NewGuid().ToString("N")[..12];
    /// <summary>Held while a host starts (WebApplicationFactory takes the next host built in the process); tests that build hosts of their own take it too.</summary>
    internal static readonly SemaphoreSlim StartGate = new(1, 1);
    private WebApplicationFactory<EmisProgram>? _factory;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Every log line the host writes (warnings and above), to prove what never reaches a log.</summary>
    public LogCapture Logs { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;
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
        var settings = Settings();
        // WebApplicationFactory finds the host by waiting for the next one built in the process: two collections
        // starting at once could each take the other's. Hosts start one at a time.
        await StartGate.WaitAsync();
        try
        {
            _factory = new WebApplicationFactory<EmisProgram>().WithWebHostBuilder(builder =>
            {
                builder.UseSetting("EMIS_DB", ConnectionString);
                // A free port of its own: UseKestrel(0) below is not carried over to the factory WithWebHostBuilder
                // returns, which left every host on Kestrel's default port 5000 (two collections could not both start).
                builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
                builder.UseSetting("Emis:Auth:SigningKey", SigningKey);
                builder.UseSetting("Emis:Demo:Load", "false");
                builder.UseSetting("Logging:LogLevel:Default", "Warning");
                foreach (var (key, value) in settings) builder.UseSetting(key, value);
                builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            });
            _factory.UseKestrel(0);
            _factory.StartServer();
        }
        finally
        {
            StartGate.Release();
        }
        Http = _factory.CreateClient();
        BaseAddress = Http.BaseAddress!;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = Environment.GetEnvironmentVariable("EMIS_TEST_DB")!;
        await using var connection = new NpgsqlConnection(admin + ";Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
        await AfterHostStopsAsync();
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

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<EmisHostFixture>
{
    public const string Name = "host";
}

/// <summary>Callers of a fresh jurisdiction, so that each test sees only its own data.</summary>
public sealed class Jurisdiction
{
    public Jurisdiction(string? id = null) => Id = id ?? "j-" + Guid.NewGuid().ToString("N")[..10];

    public string Id { get; }
    public Caller Admin => new("admin-1", Roles.MinistryAdmin, Id, null, null);
    public Caller Analyst => new("analyst-1", Roles.MinistryAnalyst, Id, null, null);
    public Caller Partner => new("partner-1", Roles.Partner, Id, null, null);
    public Caller Officer(string municipality) => new("officer-" + municipality, Roles.MunicipalityOfficer, Id, municipality, null);
    public Caller SchoolAdmin(string code) => new("school-admin-" + code, Roles.SchoolAdmin, Id, null, code);
    public Caller Teacher(string code) => new("teacher-" + code, Roles.Teacher, Id, null, code);
}

/// <summary>Keeps the host's log lines (message and exception) in memory.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
