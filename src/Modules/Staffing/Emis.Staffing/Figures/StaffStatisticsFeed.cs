using System.Collections.Concurrent;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Staffing.Contracts;
using Microsoft.Extensions.Logging;

namespace Emis.Staffing.Figures;

/// <summary>
/// Live staff figures for GraphQL subscribers on this node: the figures first, then the recomputed figures whenever a
/// change in the jurisdiction (staff or enrolment) changes them. Changes arriving while a computation runs are coalesced
/// into one more computation.
/// </summary>
public sealed partial class StaffStatisticsFeed(StaffFiguresQueries queries, ILogger<StaffStatisticsFeed> logger)
{
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    /// <summary>Something changed in the jurisdiction: recompute every subscriber's figures there.</summary>
    public void Changed(string jurisdiction)
    {
        foreach (var watcher in _watchers.Keys.Where(w => w.Caller.Jurisdiction == jurisdiction)) watcher.Schedule();
    }

    public IObservable<StaffStatistics> Watch(
        Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy, StaffStatisticsFilter filter) =>
        new Subscription(this, caller, schoolYear, groupBy, filter);

    private sealed class Subscription(
        StaffStatisticsFeed feed, Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy, StaffStatisticsFilter filter)
        : IObservable<StaffStatistics>
    {
        public IDisposable Subscribe(IObserver<StaffStatistics> observer)
        {
            var watcher = new Watcher(feed, caller, schoolYear, groupBy, filter, observer);
            feed._watchers[watcher] = 0;
            watcher.Schedule();
            return watcher;
        }
    }

    private sealed class Watcher(
        StaffStatisticsFeed feed, Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy, StaffStatisticsFilter filter,
        IObserver<StaffStatistics> observer) : IDisposable
    {
        private IReadOnlyList<StaffStatisticsRow>? _last;
        // 0 idle, 1 computing, 2 computing and another change arrived meanwhile.
        private int _state;
        private volatile bool _closed;

        public Caller Caller => caller;

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
            do
            {
                if (_closed) return;
                try
                {
                    var figures = await feed._queries.StatisticsAsync(caller, schoolYear, groupBy, filter, null, null, CancellationToken.None);
                    if (!_closed && (_last is null || !_last.SequenceEqual(figures.Rows)))
                    {
                        _last = figures.Rows;
                        observer.OnNext(figures);
                    }
                }
                catch (Exception e)
                {
                    LogFailed(feed._logger, e);
                }
            }
            while (Interlocked.Decrement(ref _state) > 0);
        }

        public void Dispose()
        {
            _closed = true;
            feed._watchers.TryRemove(this, out _);
        }
    }

    private readonly StaffFiguresQueries _queries = queries;
    private readonly ILogger _logger = logger;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live staff figures could not be recomputed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Staff or enrolment changed (committed: both arrive on durable local queues): live staff figures of the jurisdiction
/// are recomputed for this node's subscribers.
/// </summary>
public static class StaffFiguresChangedHandler
{
    public static void Handle(StaffChangedV1 message, StaffStatisticsFeed feed) => feed.Changed(message.Jurisdiction);

    public static void Handle(EnrollmentChangedV1 message, StaffStatisticsFeed feed) => feed.Changed(message.Jurisdiction);
}
