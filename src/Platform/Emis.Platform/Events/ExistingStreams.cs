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
    public static async Task<IEventStream<T>> FetchAsync<T>(IDocumentSession session, Guid id, long? expectedVersion, string idField, string what,
        CancellationToken ct) where T : class
    {
        var stream = expectedVersion is { } version
            ? await session.Events.FetchForWriting<T>(id, version, ct)
            : await session.Events.FetchForWriting<T>(id, ct);
        return stream.Aggregate is null
            ? throw new CommandRejectedException(ErrorCodes.NotFound, idField, $"There is no {what} with id {id}.")
            : stream;
    }
}
