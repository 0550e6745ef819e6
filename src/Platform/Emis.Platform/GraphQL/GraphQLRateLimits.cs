using System.Globalization;
using System.Threading.RateLimiting;
using Emis.Platform.Auth;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.GraphQL;

/// <summary>
/// Requests per minute to <c>/graphql</c> over HTTP, per caller — the token's jurisdiction
/// and subject — and, for anonymous requests, per client address (configuration <c>Emis:GraphQL:RateLimit:*</c>; 0 turns a
/// limit off, as the benchmarks do). A refusal is HTTP 429 with <c>Retry-After</c> and a GraphQL error
/// <c>RATE_LIMITED</c> that says the limit.
/// </summary>
public static class GraphQLRateLimits
{
    public const string Policy = "graphql";
    public const string Section = "Emis:GraphQL:RateLimit";
    public const int DefaultPerMinute = 1_200;
    public const int DefaultAnonymousPerMinute = 60;

    public static IServiceCollection AddGraphQLRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        int Read(string key, int fallback) =>
            int.TryParse(configuration[$"{Section}:{key}"], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        var perMinute = Read("PerMinute", DefaultPerMinute);
        var anonymousPerMinute = Read("AnonymousPerMinute", DefaultAnonymousPerMinute);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, http =>
            {
                // A WebSocket upgrade carries its token later (connection_init): connections are limited per caller by
                // GraphQLLimits.MaxConnectionsPerCaller and operations per connection, not here.
                if (http.WebSockets.IsWebSocketRequest) return RateLimitPartition.GetNoLimiter("websocket");
                var caller = Caller.TryFrom(http.User, out var known, out _) ? known : null;
                var limit = caller is null ? anonymousPerMinute : perMinute;
                var key = caller is null ? "anonymous|" + http.Connection.RemoteIpAddress : caller.Jurisdiction + "|" + caller.Subject;
                return limit <= 0
                    ? RateLimitPartition.GetNoLimiter(key)
                    : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var anonymous = !Caller.TryFrom(http.User, out _, out _);
                var limit = anonymous ? anonymousPerMinute : perMinute;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
                var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
                var message = $"Too many requests: at most {limit} a minute {(anonymous ? "from one address without a token" : "per caller")}.";
                await serializer.WriteAsync(http.Response.Body, new ExecutionResult(new ExecutionError(message) { Code = "RATE_LIMITED" }), ct);
            };
        });
    }
}
