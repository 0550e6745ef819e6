using System.Diagnostics;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Platform.Commands;

namespace Emis.Bench;

internal sealed record LoadResult(
    int Requested, int Registered, int Refused, TimeSpan Elapsed, int Batches, LatencySummary BatchLatency, string? FirstRefusal)
{
    public double PerSecond => Registered / Elapsed.TotalSeconds;
}

/// <summary>
/// Loads learners through <see cref="LearnerBulkLoader"/>: the same validation, decisions, events and inline
/// projections as a registration through the API, a batch per transaction. Two workers run side by side, each owning
/// a disjoint half of the schools, so that they never update the same statistics row.
/// </summary>
internal sealed class Loader(LearnerBulkLoader loader, int seed)
{
    public const int BatchSize = 1_000;
    public const int Workers = 2;

    public async Task<LoadResult> LoadAsync(IReadOnlyList<BenchSchool> schools, int learners, Action<string> progress, CancellationToken ct)
    {
        // Generated before the clock starts: the figure is the store's, not the name generator's.
        var shares = Enumerable.Range(0, Workers).Select(w =>
        {
            var owned = schools.OrderBy(s => s.Code, StringComparer.Ordinal).Where((_, i) => i % Workers == w).ToArray();
            var count = learners / Workers + (w < learners % Workers ? 1 : 0);
            var factory = new LearnerFactory(seed + 1000 + w);
            var batches = new List<RegisterLearner[]>();
            for (var done = 0; done < count; done += BatchSize)
            {
                batches.Add([.. Enumerable.Range(0, Math.Min(BatchSize, count - done)).Select(_ => factory.Next(owned))]);
            }
            return batches;
        }).ToArray();

        var registered = 0;
        var refused = 0;
        var batchesDone = 0;
        string? firstRefusal = null;
        var recorders = new LatencyRecorder[Workers];
        var total = shares.Sum(s => s.Count);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(shares.Select((batches, w) => Task.Run(async () =>
        {
            var recorder = recorders[w] = new LatencyRecorder();
            foreach (var batch in batches)
            {
                var context = new CommandContext("una-sana", "bench", Sources.Seed, "bench-" + Guid.NewGuid().ToString("N"));
                var t0 = Stopwatch.GetTimestamp();
                var result = await loader.LoadAsync(batch, context, ct);
                recorder.Add(Stopwatch.GetTimestamp() - t0);
                Interlocked.Add(ref registered, result.Registered);
                Interlocked.Add(ref refused, result.Refused.Count);
                if (result.Refused.Count > 0)
                {
                    var (id, errors) = result.Refused.First();
                    Interlocked.CompareExchange(
                        ref firstRefusal, $"{id}: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Code} {e.Message}"))}", null);
                }
                var done = Interlocked.Increment(ref batchesDone);
                if (done % 20 == 0 || done == total)
                {
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    progress($"  {Volatile.Read(ref registered),8:N0} learners in {seconds,6:F1} s " +
                        $"({Volatile.Read(ref registered) / seconds,6:F0}/s), batch {done}/{total}");
                }
            }
        }, ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult(learners, registered, refused, elapsed, total, LatencyRecorder.Merge(recorders).Summarise(), firstRefusal);
    }
}
