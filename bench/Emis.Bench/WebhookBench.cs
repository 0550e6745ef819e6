using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Features.Partners.Webhooks;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Registry.Schools;
using Emis.Registry.Schools.RegisterSchool;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Emis.Bench;

/// <summary>Options of <c>./emis bench webhooks</c>.</summary>
internal sealed record WebhookOptions(int Events, int Rate, int Burst)
{
    public const string Usage = "usage: ./emis bench webhooks [--events N] [--rate R] [--burst B]";

    public static bool TryParse(string[] args, out WebhookOptions options, out string? problem)
    {
        options = new WebhookOptions(1_000, 50, 2_000);
        problem = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{args[i]} needs a whole number of at least 1";
                return false;
            }
            switch (args[i])
            {
                case "--events": options = options with { Events = value }; break;
                case "--rate": options = options with { Rate = value }; break;
                case "--burst": options = options with { Burst = value }; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
        }
        return true;
    }
}

/// <summary>
/// Webhook delivery latency (issue 5): a fresh database, the real host, a receiver on loopback, one subscription, and
/// schools registered through the Registry's real command (one event each). Latency runs from the moment the command
/// returns (its transaction committed) to the moment the receiver has the request; the receiver answers 200 at once.
/// Phase 1 paces <c>--events</c> commands at <c>--rate</c> per second (latency); phase 2 appends <c>--burst</c> as fast as
/// eight writers can (throughput, with the latency a backlog adds). The baseline is the bare HTTP round trip of the same
/// body from this process to the same receiver, measured in the same run.
/// </summary>
internal static class WebhookBench
{
    private const string Jurisdiction = "bench-webhooks";

    public static async Task<int> RunAsync(string server, WebhookOptions options)
    {
        var database = "emis_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        Say($"Emis webhook benchmark — {options.Events:N0} events paced at {options.Rate}/s, then a burst of {options.Burst:N0}");
        Say($"machine: {Environment.ProcessorCount} cores (host, receiver and PostgreSQL share them), .NET {Environment.Version}, " +
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        await BenchDatabase.ExecuteAsync(admin, $"create database {database}");
        await using var receiver = new Receiver();
        await receiver.StartAsync();
        try
        {
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var app = EmisProgram.Build(
                ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
                    "--Emis:GraphQL:RateLimit:PerMinute=0",
                 "--Logging:LogLevel:Default=Warning", "--Emis:Webhooks:AllowPrivateTargets=true", "--Emis:Webhooks:AllowHttp=true"],
                runDaemon: true);
            await app.StartAsync();
            try
            {
                var partner = new Caller("bench-partner", Roles.Partner, Jurisdiction, null, null);
                var registration = await app.Services.GetRequiredService<WebhookRegistrations>()
                    .RegisterAsync(partner, receiver.Url, ["emis.registry.school_registered.v1"], null, CancellationToken.None);
                if (registration.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", registration.Errors.Select(e => e.Message)));
                Say($"subscription {registration.Webhook!.Id} → {receiver.Url}; one CloudEvent per request, Standard Webhooks signature");

                // Warm-up: code paths compiled, connections open.
                await AppendAsync(app.Services, "WARM", 20, rate: 50, writers: 1, receiver);
                await receiver.UntilAsync(20);

                var baseline = await BaselineAsync(receiver, samples: 500);
                Say($"baseline, bare HTTP POST of a CloudEvent-sized body to the receiver: {baseline.Format()}");

                var paced = await PhaseAsync(app.Services, receiver, "PACE", options.Events, options.Rate, writers: 1);
                Say($"[1/2] paced: {options.Events:N0} events at {options.Rate}/s");
                Say($"  append (command round trip):      {paced.Append.Format()}");
                Say($"  commit → receipt (webhook):       {paced.Latency.Format()}");
                Say($"  delivered {paced.Delivered:N0} of {options.Events:N0} in {paced.Seconds:F1} s");

                var burst = await PhaseAsync(app.Services, receiver, "BURST", options.Burst, rate: 0, writers: 8);
                Say($"[2/2] burst: {options.Burst:N0} events by 8 writers");
                Say($"  appended in {burst.AppendSeconds:F1} s = {options.Burst / burst.AppendSeconds:N0} events/s");
                Say($"  delivered {burst.Delivered:N0} in {burst.Seconds:F1} s from the first append = " +
                    $"{burst.Delivered / burst.Seconds:N0} events/s");
                Say($"  commit → receipt under backlog:   {burst.Latency.Format()}");
                Say($"  first event received {burst.FirstReceipt:F2} s after the burst began");

                var duplicates = receiver.Duplicates;
                Say($"duplicates received (same webhook-id twice): {duplicates}; bad signatures: {receiver.BadSignatures(registration.Secret!)}");
                Say("");
                Say($"SUMMARY webhooks: p50 {paced.Latency.P50:F1} ms, p99 {paced.Latency.P99:F1} ms from commit to receipt at {options.Rate}/s " +
                    $"(bare HTTP p50 {baseline.P50:F2} ms, p99 {baseline.P99:F2} ms); " +
                    $"burst throughput {burst.Delivered / burst.Seconds:N0} events/s " +
                    $"(append {options.Burst / burst.AppendSeconds:N0} events/s)");
                WriteJson(options, baseline, paced, burst, duplicates);
                return paced.Delivered == options.Events && burst.Delivered == options.Burst ? 0 : 1;
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await BenchDatabase.ExecuteAsync(admin, $"drop database if exists {database} with (force)");
            Say($"dropped database {database}");
        }
    }

    private sealed record PhaseResult(
        LatencySummary Append, LatencySummary Latency, int Delivered, double Seconds, double AppendSeconds, double FirstReceipt);

    private static async Task<PhaseResult> PhaseAsync(IServiceProvider services, Receiver receiver, string prefix, int count, int rate, int writers)
    {
        var before = receiver.Count;
        var started = Stopwatch.GetTimestamp();
        var (committed, append) = await AppendAsync(services, prefix, count, rate, writers, receiver);
        var appendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var delivered = await receiver.UntilAsync(before + count, TimeSpan.FromSeconds(120 + count / 20.0)) - before;
        var seconds = Stopwatch.GetElapsedTime(started, receiver.LastReceipt).TotalSeconds;
        var latency = new LatencyRecorder();
        foreach (var (code, at) in committed)
        {
            if (receiver.ReceivedAt(code) is { } receipt) latency.Add(Math.Max(0, receipt - at));
        }
        var first = committed.Keys.Select(receiver.ReceivedAt).Where(r => r is not null).Select(r => r!.Value).DefaultIfEmpty(started).Min();
        return new PhaseResult(append.Summarise(), latency.Summarise(), delivered, seconds, appendSeconds,
            Stopwatch.GetElapsedTime(started, first).TotalSeconds);
    }

    /// <summary>Registers schools through the Registry's command; returns when each command returned (committed).</summary>
    private static async Task<(ConcurrentDictionary<string, long> Committed, LatencyRecorder Append)> AppendAsync(
        IServiceProvider services, string prefix,
        int count, int rate, int writers, Receiver receiver)
    {
        var committed = new ConcurrentDictionary<string, long>();
        var recorders = new LatencyRecorder[writers];
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var recorder = recorders[w] = new LatencyRecorder();
            await using var scope = services.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<CommandDispatcher>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (rate > 0)
                {
                    var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                    var wait = due - Stopwatch.GetTimestamp();
                    if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                }
                var code = $"{prefix}-{i:D6}";
                receiver.Expect(code);
                var sent = Stopwatch.GetTimestamp();
                var outcome = await dispatcher.SendAsync(new RegisterSchool(code, "School " + code, "Bihać", SchoolLevel.Primary, ["bs"]),
                    new CommandContext(Jurisdiction, "bench", Sources.Api, "bench-" + code));
                var done = Stopwatch.GetTimestamp();
                if (!outcome.Succeeded) throw new InvalidOperationException($"{code}: {string.Join("; ", outcome.Errors.Select(e => e.Message))}");
                committed[code] = done;
                recorder.Add(done - sent);
            }
        })));
        return (committed, LatencyRecorder.Merge(recorders));
    }

    private static async Task<LatencySummary> BaselineAsync(Receiver receiver, int samples)
    {
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "emis.registry.school_registered.v1",
            ["data"] = new JsonObject { ["code"] = "BASELINE", ["name"] = "School BASELINE", ["municipality"] = "Bihać" },
        }.ToJsonString();
        var recorder = new LatencyRecorder();
        for (var i = 0; i < samples; i++)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json");
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync(receiver.BaselineUrl, content);
            recorder.Add(Stopwatch.GetTimestamp() - sent);
        }
        return recorder.Summarise();
    }

    private static void WriteJson(WebhookOptions options, LatencySummary baseline, PhaseResult paced, PhaseResult burst, int duplicates)
    {
        var path = Environment.GetEnvironmentVariable("EMIS_BENCH_RESULT_JSON");
        if (string.IsNullOrWhiteSpace(path)) return;
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            benchmark = "webhooks",
            at = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount },
            options,
            baselineHttpMs = baseline,
            paced = new { appendMs = paced.Append, commitToReceiptMs = paced.Latency, paced.Delivered, paced.Seconds },
            burst = new
            {
                commitToReceiptMs = burst.Latency,
                burst.Delivered,
                burst.Seconds,
                eventsPerSecond = burst.Delivered / burst.Seconds,
                appendEventsPerSecond = options.Burst / burst.AppendSeconds,
            },
            duplicates,
        }, new JsonSerializerOptions { WriteIndented = true }));
    }


    private static void Say(string line) => Console.WriteLine(line);

    /// <summary>The partner's endpoint: Kestrel on loopback, answering 200 at once and noting when each school's event arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, long> _receivedAt = new();
        private readonly ConcurrentDictionary<string, int> _ids = new();
        private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, byte[] Body)> _signed = new();
        private KestrelServer? _server;
        private int _count;
        private long _lastReceipt;

        public string Url { get; private set; } = "";
        public string BaselineUrl => Url.Replace("/hooks", "/baseline", StringComparison.Ordinal);
        public int Count => Volatile.Read(ref _count);
        public long LastReceipt => Volatile.Read(ref _lastReceipt);
        public int Duplicates => _ids.Values.Count(v => v > 1);

        public void Expect(string code) => _receivedAt.TryRemove(code, out _);

        public long? ReceivedAt(string code) => _receivedAt.TryGetValue(code, out var at) ? at : null;

        /// <summary>Signatures that do not verify (checked for the first 1,000 requests after the run, off the hot path).</summary>
        public int BadSignatures(string secret) => _signed.Take(1_000).Count(s =>
            WebhookSignature.Sign(secret, s.Id, long.Parse(s.Timestamp, CultureInfo.InvariantCulture), s.Body) != s.Signature);

        public async Task StartAsync()
        {
            var options = new KestrelServerOptions { ApplicationServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
            options.Listen(IPAddress.Loopback, 0);
            _server = new KestrelServer(Options.Create(options),
                new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance), NullLoggerFactory.Instance);
            await _server.StartAsync(new Application(HandleAsync), CancellationToken.None);
            Url = _server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/hooks";
        }

        public async Task<int> UntilAsync(int count, TimeSpan? limit = null)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)((limit ?? TimeSpan.FromSeconds(60)).TotalSeconds * Stopwatch.Frequency);
            while (Count < count && Stopwatch.GetTimestamp() < deadline) await Task.Delay(5);
            return Count;
        }

        private async Task HandleAsync(HttpContext http)
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var at = Stopwatch.GetTimestamp();
            if (http.Request.Path == "/hooks")
            {
                var id = http.Request.Headers["webhook-id"].ToString();
                if (_ids.AddOrUpdate(id, 1, (_, n) => n + 1) == 1)
                {
                    var code = JsonNode.Parse(buffer.ToArray())?["data"]?["code"]?.GetValue<string>();
                    if (code is not null) _receivedAt.TryAdd(code, at);
                    Interlocked.Increment(ref _count);
                    Volatile.Write(ref _lastReceipt, at);
                }
                if (_signed.Count < 1_000)
                {
                    _signed.Enqueue((id, http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(),
                        buffer.ToArray()));
                }
            }
            http.Response.StatusCode = 200;
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is null) return;
            await _server.StopAsync(CancellationToken.None);
            _server.Dispose();
        }

        private sealed class Application(RequestDelegate handle) : IHttpApplication<HttpContext>
        {
            public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

            public Task ProcessRequestAsync(HttpContext context) => handle(context);

            public void DisposeContext(HttpContext context, Exception? exception)
            {
            }
        }
    }
}
