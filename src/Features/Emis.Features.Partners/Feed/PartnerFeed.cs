using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Emis.Features.Partners.Feed;

/// <summary>A validated request for public events: the caller's jurisdiction, a position, the types, a page size.</summary>
public sealed record FeedRequest(string Jurisdiction, long After, IReadOnlyList<string> Types, int Limit, bool PersonalData);

/// <summary>A page of public events and where to continue.</summary>
/// <param name="Events">CloudEvents in strictly increasing sequence order.</param>
/// <param name="LastSequence">The sequence of the last event returned (the request's <c>after</c> when none).</param>
/// <param name="NextAfter">
/// Where to ask next: the last event's sequence, or — when the page is not full — the safe head the read covered, so a
/// filtered reader skips what it has been shown not to want. Never past an event it has not been given.
/// </param>
/// <param name="SafeHead">The log's safe head after the read: while <c>NextAfter</c> is below it, more may be waiting.</param>
public sealed record FeedPage(IReadOnlyList<(long Sequence, JsonObject CloudEvent)> Events, long LastSequence, long NextAfter, long SafeHead);

/// <summary>
/// The partner feed: public events of one jurisdiction, in sequence order, up to the safe head, read from the event log
/// itself (adr/0014). The pull endpoint and the GraphQL subscription both read through here, so they cannot disagree.
/// </summary>
public sealed class PartnerFeed(PublicEvents events, EventLogPulse pulse)
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;
    public const int MaxWaitSeconds = 30;
    public const int ChunkSize = 1_000;

    /// <summary>Who may read the feed: partners and the ministry.</summary>
    public static bool MayRead(Caller caller) => caller.Role is Roles.Partner or Roles.MinistryAdmin or Roles.MinistryAnalyst;

    /// <summary>
    /// Personal fields travel only with the <c>personal-data</c> grant, whatever the role: the feed is a bulk,
    /// machine-to-machine copy, so even a ministry admin's integration must be granted personal data explicitly.
    /// </summary>
    public static bool SeesPersonalData(Caller caller) => caller.GrantedRights.Contains(Grants.PersonalData);

    /// <summary>The CloudEvents types a caller may name.</summary>
    public IEnumerable<string> Types => events.CloudEventTypes;

    /// <summary>Unknown types among the requested ones.</summary>
    public IReadOnlyList<string> Unknown(IEnumerable<string> types) => events.Unknown(types);

    /// <summary>Returns once the safe head is beyond <paramref name="sequence"/> (see <see cref="EventLogPulse"/>).</summary>
    public Task<long> WaitBeyondAsync(long sequence, CancellationToken ct) => pulse.WaitBeyondAsync(sequence, ct);

    /// <summary>One page after <see cref="FeedRequest.After"/>.</summary>
    public async Task<FeedPage> ReadAsync(FeedRequest request, CancellationToken ct)
    {
        // The head before the read: a page that is not full covered at least this far.
        var before = await pulse.HeadAsync(ct);
        var page = await events.ReadAsync(request.Jurisdiction, request.After, request.Types, request.Limit, request.PersonalData, ct);
        var last = page.Count > 0 ? page[^1].Sequence : request.After;
        var next = page.Count < request.Limit ? Math.Max(last, before) : last;
        var head = await pulse.HeadAsync(ct);
        return new FeedPage(page, last, next, head);
    }

    /// <summary>
    /// One page written as NDJSON (one CloudEvent per line) to <paramref name="output"/>. Read and rendered in chunks
    /// of <see cref="ChunkSize"/>, each chunk's objects dropped once written: a page of 10,000 costs its bytes, not
    /// 10,000 object trees. Consecutive chunks, each bounded by the safe head, make one page with the same guarantee.
    /// </summary>
    public async Task<FeedPosition> WriteAsync(FeedRequest request, IBufferWriter<byte> output, CancellationToken ct)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = PublicEvents.Json.Encoder });
        var after = request.After;
        var count = 0;
        while (true)
        {
            var limit = Math.Min(ChunkSize, request.Limit - count);
            var chunk = await ReadAsync(request with { After = after, Limit = limit }, ct);
            foreach (var (_, cloudEvent) in chunk.Events)
            {
                cloudEvent.WriteTo(writer);
                writer.Flush();
                writer.Reset();
                output.Write("\n"u8);
            }
            count += chunk.Events.Count;
            after = chunk.LastSequence;
            if (chunk.Events.Count < limit || count == request.Limit)
            {
                return new FeedPosition(count, count > 0 ? after : request.After, chunk.NextAfter, chunk.SafeHead);
            }
        }
    }

    /// <summary>
    /// Like <see cref="WriteAsync"/>, but when nothing is there yet waits up to <paramref name="wait"/> for events to
    /// arrive (woken by the <see cref="EventLogPulse"/>), and returns as soon as there are some.
    /// </summary>
    public async Task<FeedPosition> WriteOrWaitAsync(FeedRequest request, TimeSpan wait, IBufferWriter<byte> output, CancellationToken ct)
    {
        var position = await WriteAsync(request, output, ct);
        if (position.Count > 0 || wait <= TimeSpan.Zero) return position;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            while (true)
            {
                await pulse.WaitBeyondAsync(position.NextAfter, timeout.Token);
                // Nothing up to NextAfter matched: reading from there is the same as reading from the request's position.
                // The wait is over: the page is written whole (a timeout in the middle would leave headers that contradict the body).
                var next = await WriteAsync(request with { After = position.NextAfter }, output, ct);
                if (next.Count > 0) return next;
                position = next with { LastSequence = request.After };
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return position;
        }
    }
}

/// <summary>Where a written page ended: how many events, the last one's sequence, where to continue, the safe head.</summary>
public sealed record FeedPosition(int Count, long LastSequence, long NextAfter, long SafeHead);

/// <summary>
/// <c>GET /api/events?after=&amp;types=&amp;limit=&amp;wait=</c> (the pull feed) and <c>GET /events/catalog</c>,
/// <c>GET /events/catalog/{name}/v{version}</c> (the catalogue). See adr/0014.
/// </summary>
public static class PartnerFeedEndpoints
{
    public const string FeedPath = "/api/events";
    public const string MediaType = "application/x-ndjson";
    public const string LastSequenceHeader = "Emis-Last-Sequence";
    public const string NextAfterHeader = "Emis-Next-After";
    public const string SafeHeadHeader = "Emis-Safe-Head";

    public static IServiceCollection AddPartnerFeed(this IServiceCollection services)
    {
        services.TryAddSingleton<PublicEvents>();
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<PartnerFeed>();
        services.AddSingleton<IGraphQLModule, EventsSubscriptionModule>();
        return services;
    }

    public static IEndpointRouteBuilder MapPartnerFeed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(EventCatalog.Path, (EventCatalog catalog) => Results.Json(catalog.Document(), contentType: "application/json"))
            .AllowAnonymous();
        endpoints.MapGet(EventCatalog.Path + "/{name}/v{version:int}", (string name, int version, EventCatalog catalog) =>
                catalog.Find(name, version) is { } entry
                    ? Results.Json(entry.Schema, contentType: "application/schema+json")
                    : Results.Problem($"No public event {name} version {version}; GET {EventCatalog.Path} lists them.",
                        statusCode: StatusCodes.Status404NotFound, title: "NOT_FOUND"))
            .AllowAnonymous();
        endpoints.MapGet(FeedPath, ReadAsync);
        return endpoints;
    }

    private static async Task ReadAsync(HttpContext http, PartnerFeed feed)
    {
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            await Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED").ExecuteAsync(http);
            return;
        }
        if (!PartnerFeed.MayRead(caller!))
        {
            await Results.Problem($"The role '{caller!.Role}' may not read the event feed (partner, ministry-admin or ministry-analyst may).",
                statusCode: StatusCodes.Status403Forbidden, title: "FORBIDDEN").ExecuteAsync(http);
            return;
        }

        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var after = Number(query, "after", 0, 0, long.MaxValue, "a sequence number, 0 or more", errors);
        var limit = (int)Number(query, "limit", PartnerFeed.DefaultLimit, 1, PartnerFeed.MaxLimit,
            $"a whole number from 1 to {PartnerFeed.MaxLimit.ToString("N0", CultureInfo.InvariantCulture)}", errors);
        var wait = (int)Number(query, "wait", 0, 0, PartnerFeed.MaxWaitSeconds, $"seconds, from 0 to {PartnerFeed.MaxWaitSeconds}", errors);
        var types = query["types"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var unknown = feed.Unknown(types);
        if (unknown.Count > 0)
        {
            errors["types"] = [$"Unknown event types: {string.Join(", ", unknown)}. Types are CloudEvents types such as " +
                               $"'{feed.Types.Order(StringComparer.Ordinal).FirstOrDefault()}'; GET {EventCatalog.Path} lists them."];
        }
        if (errors.Count > 0)
        {
            var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (unknown.Count > 0) extensions["unknownTypes"] = unknown;
            await Results.ValidationProblem(errors, detail: "The request's parameters are not valid.", title: "INVALID",
                extensions: extensions).ExecuteAsync(http);
            return;
        }

        var request = new FeedRequest(caller!.Jurisdiction, after, types, limit, PartnerFeed.SeesPersonalData(caller));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var page = await feed.WriteOrWaitAsync(request, TimeSpan.FromSeconds(wait), buffer, http.RequestAborted);

        var headers = http.Response.Headers;
        headers[LastSequenceHeader] = page.LastSequence.ToString(CultureInfo.InvariantCulture);
        headers[NextAfterHeader] = page.NextAfter.ToString(CultureInfo.InvariantCulture);
        headers[SafeHeadHeader] = page.SafeHead.ToString(CultureInfo.InvariantCulture);
        headers.CacheControl = "no-store";
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = MediaType;
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    private static long Number(IQueryCollection query, string name, long fallback, long min, long max, string expected, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[^1])) return fallback;
        if (values.Count > 1)
        {
            errors[name] = [$"'{name}' is given more than once."];
            return fallback;
        }
        if (long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors[name] = [$"'{name}' must be {expected}; got '{values[0]}'."];
        return fallback;
    }
}
