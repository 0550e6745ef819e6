using System.Collections.Concurrent;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Microsoft.Extensions.Logging;

namespace Emis.Enrollment.Statistics;

/// <summary>A push to a statistics subscriber: the first is the whole table (snapshot), then only rows that changed.</summary>
public sealed record EnrollmentStatisticsChange(string SchoolYear, bool Snapshot, DateTimeOffset At, IReadOnlyList<StatisticsRow> Rows);

/// <summary>
/// Live enrolment figures for GraphQL subscribers on this node. Subscribers asking the same question within the same
/// scope share one live watch: when enrolment changes, the figures are computed once, compared with the
/// previous ones, and only changed rows (a row that fell to zero included) are pushed. Changes arriving while a
/// computation runs are coalesced into one more computation, so a burst of enrolments costs two queries, not hundreds.
/// </summary>
public sealed partial class EnrollmentStatisticsFeed(StatisticsQueries queries, EnrollmentFiguresVersion versions, TimeProvider clock,
    ILogger<EnrollmentStatisticsFeed> logger)
{
    private readonly ConcurrentDictionary<string, LiveWatch> _watches = new();
    private readonly StatisticsQueries _queries = queries;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _logger = logger;

    public int WatchCount => _watches.Count;

    /// <summary>Something changed in the jurisdiction: recompute every watch that may be affected.</summary>
    public void Changed(string jurisdiction, EnrollmentChangedV1? change = null)
    {
        versions.Changed(jurisdiction);
        foreach (var watch in _watches.Values)
        {
            if (watch.Caller.Jurisdiction != jurisdiction) continue;
            if (change is not null && !watch.MayBeAffectedBy(change)) continue;
            watch.Schedule();
        }
    }

    public IObservable<EnrollmentStatisticsChange> Watch(
        Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter, string schoolYear)
    {
        var dims = groupBy.Distinct().Order().ToArray();
        var key = string.Join('|', caller.ScopeKey, schoolYear, string.Join(',', dims), filter);
        return new Subscription(this, key, () => new LiveWatch(this, caller, dims, filter, schoolYear));
    }

    private sealed class Subscription(EnrollmentStatisticsFeed feed, string key, Func<LiveWatch> create) : IObservable<EnrollmentStatisticsChange>
    {
        public IDisposable Subscribe(IObserver<EnrollmentStatisticsChange> observer)
        {
            while (true)
            {
                var watch = feed._watches.GetOrAdd(key, _ => create());
                if (watch.TryAdd(observer)) return new Unsubscriber(feed, key, watch, observer);
                // The watch closed between lookup and join: drop it and take a fresh one.
                feed._watches.TryRemove(new KeyValuePair<string, LiveWatch>(key, watch));
            }
        }
    }

    private sealed class Unsubscriber(EnrollmentStatisticsFeed feed, string key, LiveWatch watch, IObserver<EnrollmentStatisticsChange> observer)
        : IDisposable
    {
        public void Dispose()
        {
            if (watch.Remove(observer)) feed._watches.TryRemove(new KeyValuePair<string, LiveWatch>(key, watch));
        }
    }

    private sealed class LiveWatch(
        EnrollmentStatisticsFeed feed, Caller caller, StatisticsDimension[] groupBy, StatisticsFilter filter, string schoolYear)
    {
        private readonly Lock _gate = new();
        private IObserver<EnrollmentStatisticsChange>[] _observers = [];
        private Dictionary<string, StatisticsRow>? _last;
        private bool _closed;
        // 0 idle, 1 computing, 2 computing and another change arrived meanwhile.
        private int _state;

        public Caller Caller => caller;

        public bool MayBeAffectedBy(EnrollmentChangedV1 change) =>
            change.SchoolYear is null || change.SchoolYear == schoolYear
            && (filter.SchoolId is not { } school || change.SchoolIds.Contains(school))
            && (filter.Municipality is not { } municipality || change.Municipalities.Contains(municipality));

        public bool TryAdd(IObserver<EnrollmentStatisticsChange> observer)
        {
            lock (_gate)
            {
                if (_closed) return false;
                _observers = [.. _observers, observer];
            }
            // Every newcomer starts from a snapshot of its own.
            _ = SnapshotAsync(observer);
            return true;
        }

        /// <summary>Removes the observer; true when it was the last one and the watch is closed.</summary>
        public bool Remove(IObserver<EnrollmentStatisticsChange> observer)
        {
            lock (_gate)
            {
                _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
                _closed = _observers.Length == 0;
                return _closed;
            }
        }

        public void Schedule()
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if (state == 2) return;
                if (Interlocked.CompareExchange(ref _state, state + 1, state) != state) continue;
                if (state == 0) _ = Task.Run(RunAsync);
                return;
            }
        }

        private async Task RunAsync()
        {
            while (true)
            {
                await RecomputeAsync();
                if (Interlocked.CompareExchange(ref _state, 0, 1) == 1) return;
                Volatile.Write(ref _state, 1);
            }
        }

        private async Task SnapshotAsync(IObserver<EnrollmentStatisticsChange> observer)
        {
            try
            {
                var figures = await feed._queries.EnrollmentAsync(caller, groupBy, filter, schoolYear, FiguresAt.Live, CancellationToken.None);
                lock (_gate) _last ??= figures.Rows.ToDictionary(r => r.Key);
                observer.OnNext(new EnrollmentStatisticsChange(schoolYear, true, feed._clock.GetUtcNow(), figures.Rows));
            }
            catch (Exception ex)
            {
                LogFailed(feed._logger, ex);
                lock (_gate) _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
                observer.OnError(ex);
            }
        }

        private async Task RecomputeAsync()
        {
            try
            {
                var figures = await feed._queries.EnrollmentAsync(caller, groupBy, filter, schoolYear, FiguresAt.Live, CancellationToken.None);
                var now = figures.Rows.ToDictionary(r => r.Key);
                List<StatisticsRow> changed;
                IObserver<EnrollmentStatisticsChange>[] observers;
                lock (_gate)
                {
                    var before = _last ?? [];
                    changed = [.. figures.Rows.Where(r => !before.TryGetValue(r.Key, out var old) || old.Count != r.Count)];
                    changed.AddRange(before.Values.Where(old => !now.ContainsKey(old.Key)).Select(old => old with { Count = 0 }));
                    _last = now;
                    observers = _observers;
                }
                if (changed.Count == 0) return;
                var push = new EnrollmentStatisticsChange(schoolYear, false, feed._clock.GetUtcNow(), changed);
                foreach (var observer in observers) observer.OnNext(push);
            }
            catch (Exception ex)
            {
                // A failed computation is retried by the next change; subscribers keep their last figures.
                LogFailed(feed._logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing live enrolment statistics failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
