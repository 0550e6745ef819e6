using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.Partners.Feed;

/// <summary>One public event as the <c>events</c> subscription delivers it: the feed's CloudEvent, field by field.</summary>
public sealed record PublicEventItem(long Sequence, JsonObject CloudEvent)
{
    public string Attribute(string name) => CloudEvent[name]?.GetValue<string>() ?? "";
}

/// <summary>Any JSON value, sent as it is (output only): an event's data, whose shape the event catalogue describes.</summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "A JSON value, sent as is; an event's data, whose JSON Schema the event catalogue (/events/catalog) gives.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        JsonElement element => element,
        _ => ThrowSerializationError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => ThrowLiteralConversionError(value, "JSON is an output type only.");

    public override object? ParseValue(object? value) => ThrowValueConversionError(value);
}

public sealed class PublicEventGraphType : ObjectGraphType<PublicEventItem>
{
    public PublicEventGraphType()
    {
        Name = "PublicEvent";
        Description = "A public event, with the content of its CloudEvent in the pull feed (GET /api/events); see /events/catalog.";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Position in the jurisdiction's log: resume with fromSequence set to the last one received.")
            .Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("id").Description("The event's unique id (the CloudEvent id).").Resolve(c => c.Source.Attribute("id"));
        Field<NonNullGraphType<StringGraphType>>("type").Description("The CloudEvents type, emis.{name}.v{version}.").Resolve(c => c.Source.Attribute("type"));
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Attribute("source"));
        Field<NonNullGraphType<IdGraphType>>("subject").Description("The id of what the event is about.").Resolve(c => c.Source.Attribute("subject"));
        Field<NonNullGraphType<StringGraphType>>("time").Description("When it was recorded (RFC 3339, UTC), as in the CloudEvent.")
            .Resolve(c => c.Source.Attribute("time"));
        Field<NonNullGraphType<StringGraphType>>("change").Description("created, updated, deleted or corrected.").Resolve(c => c.Source.Attribute("change"));
        Field<NonNullGraphType<StringGraphType>>("dataschema").Resolve(c => c.Source.Attribute("dataschema"));
        Field<NonNullGraphType<StringGraphType>>("jurisdiction").Resolve(c => c.Source.Attribute("jurisdiction"));
        Field<NonNullGraphType<JsonGraphType>>("data").Description("Personal fields only with the personal-data grant.")
            .Resolve(c => c.Source.CloudEvent["data"]);
    }
}

/// <summary>The <c>events</c> subscription field (platform-wide: it spans every module's public events).</summary>
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
                var request = new FeedRequest(caller.Jurisdiction, from, types, PageSize, PartnerFeed.SeesPersonalData(caller));
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
                        observer.OnNext(new PublicEventItem(sequence, cloudEvent));
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
