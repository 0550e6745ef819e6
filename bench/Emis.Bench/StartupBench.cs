using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Emis.Platform.Auth;
using Microsoft.Extensions.Configuration;

namespace Emis.Bench;

/// <summary>Options of <c>./emis bench startup</c>.</summary>
internal sealed record StartupOptions(int Rounds, int Writes, IReadOnlyList<string> Hosts)
{
    public const string Usage = "usage: ./emis bench startup [--rounds R] [--writes W] [--host Emis.Host.dll]...";

    public static bool TryParse(string[] args, out StartupOptions options, out string? problem)
    {
        options = new StartupOptions(3, 20, []);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--host" && i + 1 < args.Length)
            {
                options = options with { Hosts = [.. options.Hosts, Path.GetFullPath(args[++i])] };
                continue;
            }
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{args[i]} needs a whole number of 1 or more";
                return false;
            }
            switch (args[i])
            {
                case "--rounds":
                    options = options with { Rounds = value };
                    break;
                case "--writes":
                    options = options with { Writes = Math.Max(2, value) };
                    break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        return true;
    }
}

/// <summary>
/// The first command after a start, against the next ones (issue 12, adr/0016): each round starts the real host as its
/// own process (<c>Emis.Host.dll serve</c>, as <c>./emis up</c> does) on a fresh database, subscribes one WebSocket
/// client to <c>schoolChanged</c>, then registers W schools one after another. For each it times the mutation's round
/// trip and the push's arrival at the subscriber. The baseline is in the same run: the later registrations of the same
/// process, whose code is warm.
/// </summary>
internal static class StartupBench
{
    private const string Jurisdiction = "bench";
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string server, StartupOptions options)
    {
        // Default: the Release build ./emis up runs. Several --host options are measured one after another in the same
        // run (a ReadyToRun publish against the plain build, say), so their figures share the machine's state.
        var hosts = options.Hosts.Count > 0
            ? options.Hosts
            : [Path.Combine(RepositoryRoot(), "src", "Host", "Emis.Host", "bin", "Release", "net10.0", "Emis.Host.dll")];
        foreach (var hostDll in hosts.Where(h => !File.Exists(h)))
        {
            Console.Error.WriteLine($"emis bench: {hostDll} is missing; build the host in Release first (./emis bench builds it).");
            return 2;
        }
        Console.WriteLine($"startup: {options.Rounds} rounds per host, each a new host process on a fresh database, " +
                          $"{options.Writes} school registrations");
        Console.WriteLine($"load average before: {Machine.LoadAverage()}");
        var missed = 0;
        foreach (var hostDll in hosts)
        {
            missed += await RunHostAsync(server, hostDll, options);
        }
        Console.WriteLine($"load average after: {Machine.LoadAverage()}");
        return missed == 0 ? 0 : 1;
    }

    private static async Task<int> RunHostAsync(string server, string hostDll, StartupOptions options)
    {
        Console.WriteLine();
        Console.WriteLine("host: " + hostDll);
        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            await BenchDatabase.RunInFreshAsync(server, async (connection, _) =>
            {
                var result = await RunRoundAsync(hostDll, connection, options.Writes);
                rounds.Add(result);
                Console.WriteLine($"round {r}: ready after {result.ReadyMs,7:N0} ms · first query {result.FirstQueryMs,5:N0} ms · " +
                                  $"first registerSchool {result.FirstMutation,6:N1} ms, pushed {Show(result.FirstPush)}");
                Console.WriteLine($"  later registerSchool {result.LaterMutations.Format()}");
                Console.WriteLine($"  later pushes         {result.LaterPushes.Format()}" +
                                  (result.Missed > 0 ? $" · {result.Missed} pushes missed" : ""));
                return 0;
            });
        }

        var firstMutation = Median(rounds.Select(r => r.FirstMutation));
        var laterMutation = Median(rounds.Select(r => r.LaterMutations.P50));
        var firstPush = Median(rounds.Select(r => r.FirstPush).OfType<double>());
        var laterPush = Median(rounds.Select(r => r.LaterPushes.P50));
        Console.WriteLine("summary (medians over rounds)");
        Console.WriteLine($"  host ready after start          {Median(rounds.Select(r => r.ReadyMs)),8:N0} ms");
        Console.WriteLine($"  first GraphQL query             {Median(rounds.Select(r => r.FirstQueryMs)),8:N1} ms");
        Console.WriteLine($"  first registerSchool            {firstMutation,8:N1} ms   later (p50) {laterMutation,6:N1} ms   " +
                          $"ratio {firstMutation / laterMutation,5:N1}x");
        Console.WriteLine($"  first push to the subscriber    {firstPush,8:N1} ms   later (p50) {laterPush,6:N1} ms   " +
                          $"ratio {firstPush / laterPush,5:N1}x");
        Console.WriteLine($"  pushes missed                   {rounds.Sum(r => r.Missed),8:N0}");
        return rounds.Sum(r => r.Missed);
    }

    /// <summary>One start: the first registration and its push alone, the later ones as their latency summaries.</summary>
    private sealed record Round(double ReadyMs, double FirstQueryMs, double FirstMutation, double? FirstPush, LatencySummary LaterMutations,
        LatencySummary LaterPushes, int Missed);

    private static async Task<Round> RunRoundAsync(string hostDll, string connection, int writes)
    {
        var port = FreePort();
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var start = new ProcessStartInfo("dotnet", [hostDll, "serve"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.Environment["EMIS_DB"] = connection;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Emis__Auth__SigningKey"] = key;
        start.Environment["Emis__Demo__Load"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var host = Process.Start(start) ?? throw new InvalidOperationException("the host did not start");
        var output = new StringBuilder();
        host.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        host.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            var ready = await WaitUntilReadyAsync(http, host, clock, output);
            var token = new LocalTokenIssuer(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Emis:Auth:SigningKey"] = key }).Build())
                .Issue(new Caller("bench", Roles.MinistryAdmin, Jurisdiction, null, null));
            var client = new GraphQLClient(http, token);

            var query = Stopwatch.StartNew();
            var (queried, why) = await client.CheckAsync("{ municipalities { name } }", null, CancellationToken.None);
            var firstQuery = query.Elapsed.TotalMilliseconds;
            if (!queried) throw new InvalidOperationException("the first query failed: " + why);

            await using var subscriber = await Subscriber.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/graphql"), token);
            // graphql-transport-ws does not acknowledge a subscription: give the server a moment to register it, so
            // that the first registration below is not counted as missed for want of a listener.
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            var firstMutation = 0.0;
            double? firstPush = null;
            var laterMutations = new LatencyRecorder();
            var laterPushes = new LatencyRecorder();
            var missed = 0;
            for (var i = 0; i < writes; i++)
            {
                var code = $"BS-{i + 1:D3}";
                var sent = Stopwatch.GetTimestamp();
                var arrived = subscriber.ArrivalOf(code);
                var (ok, failure) = await client.CheckAsync(
                    "mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { school { id } errors { code message } } }",
                    new
                    {
                        input = new { code, name = "Bench school " + code, municipality = "Bihać", level = "PRIMARY", languages = new[] { "bs" } },
                    },
                    CancellationToken.None);
                var answered = Stopwatch.GetTimestamp();
                if (!ok) throw new InvalidOperationException($"registerSchool {code} failed: {failure}");
                var pushed = await Task.WhenAny(arrived, Task.Delay(PushTimeout)) == arrived ? await arrived : (long?)null;
                if (pushed is null) missed++;
                if (i == 0)
                {
                    firstMutation = LatencyRecorder.Milliseconds(answered - sent);
                    firstPush = pushed is { } at ? LatencyRecorder.Milliseconds(at - sent) : null;
                    continue;
                }
                laterMutations.Add(answered - sent);
                if (pushed is { } later) laterPushes.Add(later - sent);
            }
            return new Round(ready, firstQuery, firstMutation, firstPush, laterMutations.Summarise(), laterPushes.Summarise(), missed);
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    private static async Task<double> WaitUntilReadyAsync(HttpClient http, Process host, Stopwatch clock, StringBuilder output)
    {
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (host.HasExited)
            {
                lock (output) throw new InvalidOperationException("the host exited while starting:\n" + output);
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            // Polling the health endpoint is what a load balancer does; the interval bounds the figure's resolution.
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        throw new TimeoutException("the host was not ready within 2 minutes");
    }

    /// <summary>One <c>graphql-transport-ws</c> client subscribed to every school change; completes a task per school code.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly Dictionary<string, TaskCompletionSource<long>> _arrivals = new(StringComparer.Ordinal);
        private Task? _receiving;

        public static async Task<Subscriber> ConnectAsync(Uri uri, string token)
        {
            var subscriber = new Subscriber();
            subscriber._socket.Options.AddSubProtocol("graphql-transport-ws");
            await subscriber._socket.ConnectAsync(uri, CancellationToken.None);
            var authorization = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
            await subscriber.SendAsync(new { type = "connection_init", payload = authorization });
            var ack = await subscriber.ReceiveAsync();
            if (ack is null || !ack.Contains("connection_ack", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("expected connection_ack, got " + ack);
            }
            const string subscription = "subscription { schoolChanged { change school { code } } }";
            await subscriber.SendAsync(new { id = "1", type = "subscribe", payload = new { query = subscription } });
            subscriber._receiving = Task.Run(subscriber.ReceiveLoopAsync);
            return subscriber;
        }

        /// <summary>When the change of the school with this code arrives (the stopwatch timestamp of its receipt).</summary>
        public Task<long> ArrivalOf(string code)
        {
            lock (_arrivals) return Arrival(code).Task;
        }

        private TaskCompletionSource<long> Arrival(string code)
        {
            if (!_arrivals.TryGetValue(code, out var arrival))
            {
                _arrivals[code] = arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return arrival;
        }

        private async Task ReceiveLoopAsync()
        {
            try
            {
                while (await ReceiveAsync() is { } text)
                {
                    var at = Stopwatch.GetTimestamp();
                    using var message = JsonDocument.Parse(text);
                    if (message.RootElement.GetProperty("type").GetString() != "next") continue;
                    var code = message.RootElement.GetProperty("payload").GetProperty("data").GetProperty("schoolChanged")
                        .GetProperty("school").GetProperty("code").GetString()!;
                    lock (_arrivals) Arrival(code).TrySetResult(at);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or JsonException or KeyNotFoundException or OperationCanceledException)
            {
                // the host is gone (end of the round); pushes not received count as missed
            }
        }

        private Task SendAsync(object message) =>
            _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        private async Task<string?> ReceiveAsync()
        {
            var buffer = new ArrayBufferWriter<byte>(4 * 1024);
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4 * 1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                buffer.Advance(result.Count);
                if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _socket.Abort();
            if (_receiving is not null) await _receiving;
            _socket.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Emis.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("no Emis.sln above " + AppContext.BaseDirectory);
    }

    private static string Show(double? ms) => ms is { } value ? $"{value,6:N1} ms" : "  missed";

    /// <summary>The middle of the rounds' values (the lower middle of an even count); NaN when there are none.</summary>
    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(sorted.Length - 1) / 2];
    }
}
