namespace Emis.Platform.EventLog;

public sealed class EventLogPulse(EventLog log) : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;
    private Task? _loop;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The current safe head.</summary>
    public Task<long> HeadAsync(CancellationToken ct) => log.SafeHeadAsync(ct);

    /// <summary>Returns the safe head as soon as it is greater than <paramref name="sequence"/>.</summary>
    public async Task<long> WaitBeyondAsync(long sequence, CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        if (head > sequence) return head;
        lock (_gate)
        {
            _waiters++;
            _loop ??= Task.Run(LoopAsync);
        }
        try
        {
            while (true)
            {
                Task<long> next;
                lock (_gate) next = _next.Task;
                // Every tick completes the task, changed or not: a waiter never misses a move that happened between
                // its own read and its wait.
                head = await next.WaitAsync(ct);
                if (head > sequence) return head;
            }
        }
        finally
        {
            lock (_gate) _waiters--;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_waiters == 0)
                {
                    _loop = null;
                    return;
                }
            }
            try
            {
                var head = await log.SafeHeadAsync(_stop.Token);
                TaskCompletionSource<long> done;
                lock (_gate)
                {
                    done = _next;
                    _next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                done.TrySetResult(head);
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                // The database is away for a moment: try again shortly; waiters keep waiting.
                try { await Task.Delay(1000, _stop.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
