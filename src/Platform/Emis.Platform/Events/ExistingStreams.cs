using Emis.Platform.Commands;
using JasperFx.Events;
using Marten;

namespace Emis.Platform.Events;

/// <summary>Loading an existing stream for a command: optimistic concurrency either way, a clear refusal when it is missing.</summary>
public static class ExistingStreams
{
    /// <summary>
    /// Loads the aggregate for writing. With an expected version a stale caller is refused at once; without one,
    /// Marten still checks at commit that nobody appended in between. A missing stream is refused as NOT_FOUND on
    /// <paramref name="idField"/>.
    /// </summary>
    /// <remarks>
    /// With an expected version the stream's row is locked first (<c>FetchForExclusiveWriting</c>): Marten reads the
    /// version and the events in two statements, and under read committed a writer committing between them made the
    /// version match while the events already held the other writer's change, so a stale caller was judged on state it
    /// never saw (a rule refusal instead of a conflict). Locked, a racer waits for the winner to commit, then finds
    /// the version moved on.
    /// </remarks>
    public static async Task<IEventStream<T>> FetchAsync<T>(IDocumentSession session, Guid id, long? expectedVersion, string idField, string what,
        CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        IEventStream<T> stream;
        if (expectedVersion is { } version)
        {
            stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
            var current = stream.StartingVersion ?? 0;
            if (current != version)
            {
                throw new JasperFx.ConcurrencyException($"Expected the existing version to be {version}, but was {current}", typeof(T), id);
            }
        }
        else
        {
            stream = await session.Events.FetchForWriting<T>(id, ct);
        }
        return stream.Aggregate is null
            ? throw new CommandRejectedException(ErrorCodes.NotFound, idField, $"There is no {what} with id {id}.")
            : stream;
    }
}
