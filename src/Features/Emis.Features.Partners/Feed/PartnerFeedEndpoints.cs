using System.Buffers;
using System.Globalization;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Emis.Features.Partners.Feed;

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
        var envelope = (int)Number(query, "envelope", CloudEventEnvelope.V1, CloudEventEnvelope.V1, CloudEventEnvelope.V2,
            "1 (the first envelope) or 2 (CloudEvents-valid: absolute dataschema, sequence as a string)", errors);
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

        var publicBase = CloudEventEnvelope.PublicBase(
            http.RequestServices.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[CloudEventEnvelope.PublicBaseUrlKey]);
        var request = new FeedRequest(caller!.Jurisdiction, after, types, limit, PartnerFeed.SeesPersonalData(caller), envelope, publicBase);
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

    private static long Number(
        IQueryCollection query, string name, long fallback, long min, long max, string expected, Dictionary<string, string[]> errors)
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
