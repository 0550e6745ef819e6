using System.Diagnostics;
using System.Globalization;

namespace Emis.Bench;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);

    public string Format() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50,8:F2}  p95 {P95,8:F2}  p99 {P99,8:F2}  max {Max,8:F2} ms");
}

/// <summary>
/// Collects latencies (as <see cref="Stopwatch"/> ticks) without locks: one recorder per worker, merged at the end.
/// Percentiles use the nearest-rank method on the full, sorted sample; nothing is bucketed or sampled away.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Add(long ticks) => _ticks.Add(ticks);

    public void AddRange(LatencyRecorder other) => _ticks.AddRange(other._ticks);

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static LatencyRecorder Merge(IEnumerable<LatencyRecorder> recorders)
    {
        var all = new LatencyRecorder();
        foreach (var recorder in recorders) all.AddRange(recorder);
        return all;
    }

    public LatencySummary Summarise()
    {
        if (_ticks.Count == 0) return LatencySummary.Empty;
        var sorted = _ticks.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Milliseconds((long)sorted.Average()),
            Milliseconds(Percentile(sorted, 50)),
            Milliseconds(Percentile(sorted, 95)),
            Milliseconds(Percentile(sorted, 99)),
            Milliseconds(sorted[^1]));
    }

    /// <summary>Nearest rank: the smallest sample with at least p% of the samples at or below it.</summary>
    private static long Percentile(long[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
