using Wolverine.Tracking;

namespace Emis.Testing;

/// <summary>
/// Conditions for a Wolverine tracked session (<see cref="EmisHostFixture.TrackedAsync(Func{Task}, ITrackedCondition[])"/>)
/// about one message type. A session ends on its own once every message it saw sent has been handled, but a message
/// scheduled for later (a retry) counts as done once it is scheduled; these wait for the handling itself.
/// </summary>
public static class Handled
{
    /// <summary>Holds once <paramref name="count"/> messages of <typeparamref name="T"/> matching the filter have been handled.</summary>
    public static ITrackedCondition Times<T>(int count, Func<T, bool>? match = null) => new Count<T>(count, match ?? (_ => true));

    /// <summary>
    /// Holds once at least one <typeparamref name="T"/> has been handled and every <typeparamref name="T"/> sent in the
    /// session, scheduled retries included, has been handled too: the chain of retries has run out.
    /// </summary>
    public static ITrackedCondition AllOf<T>() => new All<T>();

    private static bool Finished(MessageEventType type) => type is MessageEventType.MessageSucceeded or MessageEventType.MessageFailed
        or MessageEventType.MovedToErrorQueue or MessageEventType.Discarded;

    private sealed class Count<T>(int count, Func<T, bool> match) : ITrackedCondition
    {
        private readonly HashSet<Guid> _handled = [];

        public void Record(EnvelopeRecord record)
        {
            if (record.Message is not T message || !Finished(record.MessageEventType) || !match(message)) return;
            lock (_handled) _handled.Add(record.Envelope!.Id);
        }

        public bool IsCompleted()
        {
            lock (_handled) return _handled.Count >= count;
        }

        public override string ToString()
        {
            lock (_handled) return $"{typeof(T).Name} handled {count} time(s), so far {_handled.Count}";
        }
    }

    private sealed class All<T> : ITrackedCondition
    {
        private readonly Dictionary<Guid, bool> _seen = [];

        public void Record(EnvelopeRecord record)
        {
            if (record.Message is not T) return;
            var id = record.Envelope!.Id;
            lock (_seen)
            {
                if (Finished(record.MessageEventType)) _seen[id] = true;
                else _seen.TryAdd(id, false);
            }
        }

        public bool IsCompleted()
        {
            lock (_seen) return _seen.Count > 0 && _seen.Values.All(done => done);
        }

        public override string ToString()
        {
            lock (_seen) return $"every {typeof(T).Name} handled: {_seen.Values.Count(done => done)} of {_seen.Count}";
        }
    }
}
