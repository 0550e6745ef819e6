using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.Partners.Feed;

internal sealed class EventsSubscriptionModule : IGraphQLModule
{
    private const int PageSize = 500;

    public void AddQueryFields(ObjectGraphType query)
    {
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
    }

    public void AddSubscriptionFields(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<PublicEventGraphType>, PublicEventItem>("events")
            .Description("Public events of your jurisdiction after fromSequence (exclusive), in sequence order: first those already " +
                         "recorded, then live ones, each exactly once. Partners and the ministry only.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("types", "CloudEvents types to receive (all when omitted).")
            .Argument<NonNullGraphType<LongGraphType>>("fromSequence", "The last sequence already received (0: from the beginning).")
            .Argument<IntGraphType>("envelope",
                "1 (default) or 2: the envelope of dataschema and cloudEvent; 2 is CloudEvents-valid (absolute dataschema, sequence a string).")
            .ResolveStream(c =>
            {
                var caller = c.RequireRole(Roles.Partner, Roles.MinistryAdmin, Roles.MinistryAnalyst);
                var from = c.GetArgument<long>("fromSequence");
                if (from < 0) throw new ExecutionError("fromSequence: must be 0 or more.") { Code = "INVALID_ARGUMENT" };
                var feed = c.RequestServices!.GetRequiredService<PartnerFeed>();
                var types = (c.GetArgument<List<string>?>("types") ?? []).Distinct(StringComparer.Ordinal).ToList();
                if (feed.Unknown(types) is { Count: > 0 } unknown)
                {
                    throw new ExecutionError($"types: unknown event types {string.Join(", ", unknown)}; /events/catalog lists them.")
                    {
                        Code = "INVALID_ARGUMENT",
                    };
                }
                var envelope = c.GetArgument<int?>("envelope") ?? CloudEventEnvelope.V1;
                if (envelope is not (CloudEventEnvelope.V1 or CloudEventEnvelope.V2))
                {
                    throw new ExecutionError("envelope: must be 1 or 2.") { Code = "INVALID_ARGUMENT" };
                }
                var publicBase = CloudEventEnvelope.PublicBase(
                    c.RequestServices!.GetRequiredService<IConfiguration>()[CloudEventEnvelope.PublicBaseUrlKey]);
                var request = new FeedRequest(
                    caller.Jurisdiction, from, types, PageSize, PartnerFeed.SeesPersonalData(caller), envelope, publicBase);
                return new EventsStream(feed, request, c.EmisContext().Backlog);
            });

    /// <summary>
    /// Reads the log in pages after the last event delivered and, once caught up, waits on the pulse for the safe head
    /// to move. Replay and live delivery are the same loop over the same source, so the hand-over has no seam where an
    /// event could be lost or sent twice.
    /// </summary>
    private sealed class EventsStream(PartnerFeed feed, FeedRequest request, Func<int>? backlog) : IObservable<PublicEventItem>
    {
        public IDisposable Subscribe(IObserver<PublicEventItem> observer)
        {
            var stop = new CancellationTokenSource();
            _ = Task.Run(() => RunAsync(observer, stop));
            return new Stop(stop);
        }

        private async Task RunAsync(IObserver<PublicEventItem> observer, CancellationTokenSource stop)
        {
            using var owned = stop;
            var ct = stop.Token;
            var after = request.After;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var page = await feed.ReadAsync(request with { After = after }, ct);
                    foreach (var (sequence, cloudEvent) in page.Events)
                    {
                        ct.ThrowIfCancellationRequested();
                        var rendered = request.Envelope == CloudEventEnvelope.V2
                            ? CloudEventEnvelope.ToV2(cloudEvent, request.PublicBase ?? CloudEventEnvelope.PublicBase(null))
                            : cloudEvent;
                        observer.OnNext(new PublicEventItem(sequence, rendered));
                        await WaitForRoomAsync(ct);
                    }
                    after = page.NextAfter;
                    if (page.Events.Count < request.Limit) await feed.WaitBeyondAsync(after, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // unsubscribed
            }
            catch (Exception e)
            {
                observer.OnError(e);
            }
        }

        // A replay produces events far faster than a socket sends them: past half the connection's outbox, wait for the
        // client to read, rather than have the transport close the connection as too slow.
        private async Task WaitForRoomAsync(CancellationToken ct)
        {
            if (backlog is null) return;
            while (backlog() > GraphQLWebSocketSession.OutboxCapacity / 2) await Task.Delay(10, ct);
        }
    }

    private sealed class Stop(CancellationTokenSource stop) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the loop already ended (it owns the source)
            }
        }
    }
}
