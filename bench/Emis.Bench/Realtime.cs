using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Emis.Enrollment.Learners.RegisterLearner;

namespace Emis.Bench;

internal sealed record RealtimeResult(
    int Subscribers,
    int Filtered,
    TimeSpan ConnectAndSnapshot,
    int Events,
    int FailedMutations,
    int ExpectedDeliveries,
    int Delivered,
    int Missed,
    int Unexpected,
    int Unattributed,
    LatencySummary Delivery,
    LatencySummary Mutation,
    string? FirstProblem);

/// <summary>
/// Live statistics over WebSockets: K real <see cref="ClientWebSocket"/> clients subscribe to
/// <c>enrollmentStatisticsChanged</c> (most for the whole canton, some for one municipality), then learners are
/// registered one at a time through the GraphQL mutation and every push is timed from the instant before the mutation
/// was sent to the instant a client received it.
/// </summary>
internal sealed class Realtime(Uri graphql, string token, GraphQLClient client, IReadOnlyList<BenchSchool> schools, int seed)
{
    public const string SubProtocol = "graphql-transport-ws";
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(150);

    private const string RegisterMutation =
        "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } errors { code field message } } }";

    private ProbeEvent? _current;
    private int _unattributed;
    private string? _firstProblem;

    public async Task<RealtimeResult> RunAsync(int subscriberCount, int events, Action<string> progress)
    {
        var municipalities = schools.Select(s => s.Municipality).Distinct().Order(StringComparer.Ordinal).ToArray();
        // A quarter of the clients watch one municipality each (round robin), the rest the whole canton.
        var subscribers = Enumerable.Range(0, subscriberCount)
            .Select(i => new Subscriber(this, i % 4 == 3 ? municipalities[i / 4 % municipalities.Length] : null, events))
            .ToArray();

        var started = Stopwatch.GetTimestamp();
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(subscribers.Select(async s =>
            {
                await gate.WaitAsync();
                try
                {
                    await s.ConnectAsync(graphql, token);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var snapshots = Task.WhenAll(subscribers.Select(s => s.Snapshot));
        if (await Task.WhenAny(snapshots, Task.Delay(TimeSpan.FromSeconds(120))) != snapshots)
        {
            throw new InvalidOperationException(
                $"only {subscribers.Count(s => s.Snapshot.IsCompletedSuccessfully)} of {subscriberCount} subscribers received their snapshot " +
                $"within 120 s");
        }
        await snapshots;
        var ready = Stopwatch.GetElapsedTime(started);
        progress($"  {subscriberCount} subscribers connected and holding their snapshot after {ready.TotalSeconds:F2} s");

        var factory = new LearnerFactory(seed + 7);
        var random = new Random(seed + 8);
        var mutation = new LatencyRecorder();
        var failedMutations = 0;
        var probes = new List<ProbeEvent>();
        for (var i = 0; i < events; i++)
        {
            var school = schools[random.Next(schools.Count)];
            var learner = factory.Next(school, random.Next(school.FirstGrade, school.LastGrade + 1));
            var expected = subscribers.Count(s => s.Municipality is null || s.Municipality == school.Municipality);
            var t0 = Stopwatch.GetTimestamp();
            var probe = new ProbeEvent(i, school.Municipality, learner.Enrollment!.Grade, Constant(learner.Sex.ToString()), t0, expected);
            Volatile.Write(ref _current, probe);
            var (ok, why, body) = await client.PostAsync(RegisterMutation, Variables(learner), CancellationToken.None);
            mutation.Add(Stopwatch.GetTimestamp() - t0);
            using (body)
            {
                var refusals = ok ? body!.RootElement.GetProperty("data").GetProperty("registerLearner").GetProperty("errors") : default;
                if (ok && refusals.GetArrayLength() > 0) (ok, why) = (false, "refused: " + refusals.GetRawText());
            }
            if (!ok)
            {
                failedMutations++;
                Problem(why);
                Volatile.Write(ref _current, null);
                continue;
            }
            probes.Add(probe);
            // Each enrolment's pushes are awaited up to DeliveryTimeout after its mutation was sent; later ones count as missed.
            var left = DeliveryTimeout - Stopwatch.GetElapsedTime(t0);
            if (left > TimeSpan.Zero) await Task.WhenAny(probe.AllDelivered.Task, Task.Delay(left));
            Volatile.Write(ref _current, null);
            await Task.Delay(Gap);
        }

        var deliveries = new LatencyRecorder();
        var expectedTotal = 0;
        var delivered = 0;
        foreach (var probe in probes)
        {
            foreach (var s in subscribers)
            {
                if (s.Municipality is not null && s.Municipality != probe.Municipality) continue;
                expectedTotal++;
                if (s.ReceivedAt[probe.Index] is var at && at > 0)
                {
                    delivered++;
                    deliveries.Add(at - probe.T0);
                }
            }
        }
        var unexpected = subscribers.Sum(s => s.Unexpected);
        await Task.WhenAll(subscribers.Select(s => s.CloseAsync()));
        return new RealtimeResult(subscriberCount, subscribers.Count(s => s.Municipality is not null), ready, events, failedMutations,
            expectedTotal, delivered, expectedTotal - delivered, unexpected, _unattributed, deliveries.Summarise(), mutation.Summarise(),
                _firstProblem);
    }

    private void Problem(string? why) => Interlocked.CompareExchange(ref _firstProblem, why ?? "failed", null);

    private static object Variables(RegisterLearner l) => new
    {
        input = new
        {
            firstName = l.FirstName,
            parentName = l.ParentName,
            lastName = l.LastName,
            birthDate = l.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            sex = Constant(l.Sex.ToString()),
            motherTongue = l.MotherTongue,
            languageOfInstruction = l.LanguageOfInstruction,
            disability = l.Disability is { } d ? Constant(d.ToString()) : null,
            community = l.Community,
            displacement = l.Displacement is { } p ? Constant(p.ToString()) : null,
            contacts = new
            {
                email = l.Contacts.Email,
                phone = l.Contacts.Phone,
                guardianName = l.Contacts.GuardianName,
                guardianEmail = l.Contacts.GuardianEmail,
                guardianPhone = l.Contacts.GuardianPhone,
            },
            enrollment = new
            {
                schoolYear = l.Enrollment!.SchoolYear,
                schoolId = l.Enrollment.SchoolId,
                grade = l.Enrollment.Grade,
                section = l.Enrollment.Section
            },
        },
    };

    /// <summary>GraphQL enum values are CONSTANT_CASE: InternallyDisplaced is INTERNALLY_DISPLACED.</summary>
    private static string Constant(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) builder.Append('_');
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }

    /// <summary>One enrolment under way: the statistics cell it changes and when its mutation was sent.</summary>
    private sealed class ProbeEvent(int index, string municipality, int grade, string sex, long t0, int expected)
    {
        private int _delivered;

        public int Index => index;
        public string Municipality => municipality;
        public int Grade => grade;
        public string Sex => sex;
        public long T0 => t0;
        public TaskCompletionSource AllDelivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Delivered()
        {
            if (Interlocked.Increment(ref _delivered) == expected) AllDelivered.TrySetResult();
        }
    }

    /// <summary>One WebSocket client with one subscription.</summary>
    private sealed class Subscriber(Realtime bench, string? municipality, int events)
    {
        private readonly ClientWebSocket _socket = new();
        private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _send = new(1, 1);
        private Task? _receiving;
        private int _unexpected;

        public string? Municipality => municipality;

        /// <summary>Receive time (Stopwatch ticks) of the push that carried each event's change; 0 when none came.</summary>
        public long[] ReceivedAt { get; } = new long[events];

        public Task Snapshot => _snapshot.Task;

        public int Unexpected => Volatile.Read(ref _unexpected);

        public async Task ConnectAsync(Uri uri, string token)
        {
            _socket.Options.AddSubProtocol(SubProtocol);
            await _socket.ConnectAsync(uri, CancellationToken.None);
            await SendAsync(JsonSerializer.Serialize(
                new { type = "connection_init", payload = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token } }));
            var ack = await ReceiveAsync() ?? throw new InvalidOperationException("the server closed the connection before connection_ack");
            using (var doc = JsonDocument.Parse(ack))
            {
                if (doc.RootElement.GetProperty("type").GetString() != "connection_ack")
                {
                    throw new InvalidOperationException("expected connection_ack, got " + ack);
                }
            }
            var filter = municipality is null ? "" : $", filter: {{ municipality: {JsonSerializer.Serialize(municipality)} }}";
            var query = $"subscription {{ enrollmentStatisticsChanged(groupBy: [MUNICIPALITY, GRADE, SEX], schoolYear: " +
                $"\"{LearnerFactory.SchoolYear}\"{filter}) {{ snapshot rows {{ municipality grade sex count }} }} }}";
            await SendAsync(JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query } }));
            _receiving = Task.Run(ReceiveLoopAsync);
        }

        public async Task CloseAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
                if (_receiving is not null) await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(5)));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // the benchmark is over; a connection that does not close cleanly changes no figure
            }
            finally
            {
                _socket.Dispose();
                _send.Dispose();
            }
        }

        private async Task ReceiveLoopAsync()
        {
            try
            {
                while (await ReceiveAsync() is { } text)
                {
                    var at = Stopwatch.GetTimestamp();
                    Handle(text, at);
                }
                _snapshot.TrySetException(new InvalidOperationException("the server closed the connection"));
            }
            catch (Exception ex) when (ex is WebSocketException or JsonException or InvalidOperationException or KeyNotFoundException)
            {
                bench.Problem("subscriber: " + ex.Message);
                _snapshot.TrySetException(ex);
            }
        }

        private void Handle(string text, long at)
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "next":
                    if (root.GetProperty("payload").TryGetProperty("errors", out var errors))
                    {
                        throw new InvalidOperationException("subscription errors: " + errors.GetRawText());
                    }
                    var change = root.GetProperty("payload").GetProperty("data").GetProperty("enrollmentStatisticsChanged");
                    if (change.GetProperty("snapshot").GetBoolean())
                    {
                        _snapshot.TrySetResult();
                        return;
                    }
                    OnPush(change.GetProperty("rows"), at);
                    return;
                case "ping":
                    _ = SendAsync("{\"type\":\"pong\"}");
                    return;
                case "error":
                    throw new InvalidOperationException("subscription error: " + root.GetRawText());
                default:
                    return;
            }
        }

        private void OnPush(JsonElement rows, long at)
        {
            var probe = Volatile.Read(ref bench._current);
            if (probe is null || !Carries(rows, probe))
            {
                // A push outside any enrolment under way, or not carrying its cell: late, or caused by something else.
                Interlocked.Increment(ref bench._unattributed);
                return;
            }
            var mine = municipality is null || municipality == probe.Municipality;
            if (!mine || Interlocked.CompareExchange(ref ReceivedAt[probe.Index], at, 0) != 0)
            {
                Interlocked.Increment(ref _unexpected);
                return;
            }
            probe.Delivered();
        }

        private static bool Carries(JsonElement rows, ProbeEvent probe)
        {
            foreach (var row in rows.EnumerateArray())
            {
                if (row.GetProperty("municipality").GetString() == probe.Municipality
                    && row.GetProperty("grade").GetInt32() == probe.Grade
                    && row.GetProperty("sex").GetString() == probe.Sex)
                {
                    return true;
                }
            }
            return false;
        }

        private async Task SendAsync(string text)
        {
            await _send.WaitAsync();
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task<string?> ReceiveAsync()
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                buffer.Advance(result.Count);
                if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }
}
