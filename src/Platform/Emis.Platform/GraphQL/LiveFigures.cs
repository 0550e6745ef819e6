using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Emis.Platform.GraphQL;

/// <summary>
/// Live figures for GraphQL subscribers on this node: each subscriber gets its figures first, then the recomputed figures
/// whenever a committed change in its jurisdiction changes them. Changes arriving while a computation runs are coalesced into
/// one more computation; an answer equal to the last one sent is not sent again. A module keeps one per kind of figures and
/// calls <see cref="Changed"/> from the handler of the integration messages that may move them.
/// </summary>
public sealed partial class LiveFigures(ILogger logger)
{
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    /// <summary>Something changed in the jurisdiction: recompute every subscriber's figures there.</summary>
    public void Changed(string jurisdiction)
    {
        foreach (var watcher in _watchers.Keys.Where(w => w.Jurisdiction == jurisdiction)) watcher.Schedule();
    }

    /// <summary>The figures <paramref name="compute"/> gives, now and after every change that alters them.</summary>
    public IObservable<T> Watch<T>(string jurisdiction, Func<Task<T>> compute, Func<T, T, bool> same) =>
        new Subscription<T>(this, jurisdiction, compute, same);

    private sealed class Subscription<T>(LiveFigures feed, string jurisdiction, Func<Task<T>> compute, Func<T, T, bool> same) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
            var watcher = new Watcher<T>(feed, jurisdiction, compute, same, observer);
            feed._watchers[watcher] = 0;
            watcher.Schedule();
            return watcher;
        }
    }

    private abstract class Watcher(LiveFigures feed, string jurisdiction) : IDisposable
    {
        // 0 idle, 1 computing, 2 computing and another change arrived meanwhile.
        private int _state;

        protected volatile bool Closed;

        public string Jurisdiction => jurisdiction;

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
                if (Closed) return;
                try
                {
                    await PushAsync();
                }
                catch (Exception e)
                {
                    LogFailed(feed._logger, e);
                }
            }
            while (Interlocked.Decrement(ref _state) > 0);
        }

        protected abstract Task PushAsync();

        public void Dispose()
        {
            Closed = true;
            feed._watchers.TryRemove(this, out _);
        }
    }

    private sealed class Watcher<T>(LiveFigures feed, string jurisdiction, Func<Task<T>> compute, Func<T, T, bool> same, IObserver<T> observer)
        : Watcher(feed, jurisdiction)
    {
        private T? _last;
        private bool _sent;

        protected override async Task PushAsync()
        {
            var figures = await compute();
            if (Closed || (_sent && same(_last!, figures))) return;
            _last = figures;
            _sent = true;
            observer.OnNext(figures);
        }
    }

    private readonly ILogger _logger = logger;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live figures could not be recomputed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
