using Emis.Platform.GraphQL;

namespace Emis.Host.Tests;

/// <summary>The in-process live feed behind every GraphQL subscription.</summary>
public sealed class LiveFeedTests
{
    private sealed record Change(string Jurisdiction, int Value) : ILiveChange;

    private sealed class Collect : IObserver<Change>
    {
        public List<Change> Seen { get; } = [];
        public void OnCompleted() { }
        public void OnError(Exception error) => throw error;
        public void OnNext(Change value) => Seen.Add(value);
    }

    [Fact]
    public void Each_subscriber_sees_only_what_its_filter_admits_until_it_unsubscribes()
    {
        var feed = new LiveFeed<Change>();
        var even = new Collect();
        var all = new Collect();
        using (feed.Where(c => c.Value % 2 == 0).Subscribe(even))
        using (feed.Where(_ => true).Subscribe(all))
        {
            Assert.Equal(2, feed.SubscriberCount);
            feed.Publish(new Change("j", 1));
            feed.Publish(new Change("j", 2));
        }
        feed.Publish(new Change("j", 4));

        Assert.Equal([2], even.Seen.Select(c => c.Value));
        Assert.Equal([1, 2], all.Seen.Select(c => c.Value));
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task Nothing_is_loaded_while_nobody_listens()
    {
        var feed = new LiveFeed<Change>();
        // No store at all: with no subscriber the feed must not reach for one.
        await feed.PublishCurrentAsync<object>(
            null!, "j", Guid.NewGuid(), _ => throw new InvalidOperationException("published"), CancellationToken.None);
    }
}
