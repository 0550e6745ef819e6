namespace Emis.Platform.GraphQL;

/// <summary>
/// A subscription's stream read from the database every <see cref="Interval"/>: each change of the value is sent, and the
/// stream completes when the value says it is final. Reading the stored state (rather than hearing this node's events)
/// follows work that runs on any node, such as a queued import. Unsubscribing stops the reads.
/// </summary>
public sealed class PollingFeed<T>(Func<CancellationToken, Task<T?>> read, Func<T, bool> final, TimeSpan? interval = null) : IObservable<T>
    where T : class
{
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromMilliseconds(500);

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var stop = new CancellationTokenSource();
        _ = RunAsync(observer, stop.Token);
        return new Unsubscriber(stop);
    }

    private async Task RunAsync(IObserver<T> observer, CancellationToken ct)
    {
        T? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var value = await read(ct);
                if (value is not null && !value.Equals(last))
                {
                    last = value;
                    observer.OnNext(value);
                    if (final(value))
                    {
                        observer.OnCompleted();
                        return;
                    }
                }
                await Task.Delay(Interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            observer.OnError(e);
        }
    }

    private sealed class Unsubscriber(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
