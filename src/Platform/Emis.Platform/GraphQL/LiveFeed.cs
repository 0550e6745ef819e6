using Marten;

namespace Emis.Platform.GraphQL;

/// <summary>
/// An in-process broadcast of changes to GraphQL subscribers on this node. Each subscriber brings its own filter
/// (its scope and arguments). Cross-node fan-out is described in adr/0005.
/// </summary>
public sealed class LiveFeed<T>
{
    private readonly Lock _gate = new();
    // Copy-on-write: publishers read a snapshot without locking; subscribe and unsubscribe replace the array.
    private volatile FilteredObserver[] _observers = [];

    public int SubscriberCount => _observers.Length;

    public void Publish(T item)
    {
        foreach (var observer in _observers)
        {
            observer.Offer(item);
        }
    }

    /// <summary>
    /// When anyone listens, loads the document's current state in the jurisdiction and publishes the change made from
    /// it. Called by the handler of a module's own integration event (from its durable local queue, so only committed
    /// changes are seen); a document already gone is not published.
    /// </summary>
    public async Task PublishCurrentAsync<TDocument>(IDocumentStore store, string jurisdiction, Guid id, Func<TDocument, T> change,
        CancellationToken ct) where TDocument : notnull
    {
        if (SubscriberCount == 0) return;
        await using var session = store.QuerySession(jurisdiction);
        var document = await session.LoadAsync<TDocument>(id, ct);
        if (document is not null) Publish(change(document));
    }

    public IObservable<T> Where(Func<T, bool> filter) => new Filtered(this, filter);

    private void Add(FilteredObserver observer)
    {
        lock (_gate) _observers = [.. _observers, observer];
    }

    private void Remove(FilteredObserver observer)
    {
        lock (_gate) _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
    }

    private sealed class Filtered(LiveFeed<T> feed, Func<T, bool> filter) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
            var subscription = new FilteredObserver(feed, observer, filter);
            feed.Add(subscription);
            return subscription;
        }
    }

    private sealed class FilteredObserver(LiveFeed<T> feed, IObserver<T> observer, Func<T, bool> filter) : IDisposable
    {
        public void Offer(T item)
        {
            if (filter(item)) observer.OnNext(item);
        }

        public void Dispose() => feed.Remove(this);
    }
}
