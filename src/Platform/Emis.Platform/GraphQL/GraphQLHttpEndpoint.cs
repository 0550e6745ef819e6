using Emis.Platform.Auth;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Emis.Platform.GraphQL;

/// <summary>
/// GraphQL over HTTP (POST JSON and GET, <c>application/graphql-response+json</c>) and, on the same path, the
/// <c>graphql-transport-ws</c> WebSocket protocol and the in-browser IDE. The transport packages of GraphQL.NET
/// are absent from the registry; this is the small, spec-following replacement (adr/0005).
/// </summary>
public static partial class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";
    public const string GraphQLResponseMediaType = "application/graphql-response+json";

    public static IEndpointConventionBuilder MapEmisGraphQL(this IEndpointRouteBuilder endpoints)
    {
        return endpoints.Map(Path, HandleAsync).RequireRateLimiting(GraphQLRateLimits.Policy);
    }

    private static async Task HandleAsync(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            if (!http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketSession.SubProtocol))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync($"Use the '{GraphQLWebSocketSession.SubProtocol}' WebSocket subprotocol.");
                return;
            }
            using var socket = await http.WebSockets.AcceptWebSocketAsync(GraphQLWebSocketSession.SubProtocol);
            var session = ActivatorUtilities.CreateInstance<GraphQLWebSocketSession>(http.RequestServices, socket);
            var lifetime = http.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await session.RunAsync(cts.Token);
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method) && WantsHtml(http.Request) && !http.Request.Query.ContainsKey("query"))
        {
            http.Response.Redirect("/ide/index.html");
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "GET, POST";
            return;
        }

        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var mediaType = ResponseMediaType(http.Request);

        // A body over the limit is refused before it is read (Content-Length), or as soon as reading passes it (chunked).
        var maxBody = http.RequestServices.GetRequiredService<GraphQLLimits>().MaxBodyBytes;
        if (http.Request.ContentLength > maxBody)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
                $"The request body is {http.Request.ContentLength} bytes; at most {maxBody} are accepted.");
            return;
        }
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBody;
        }

        GraphQLRequest? request;
        try
        {
            request = await ReadRequestAsync(http, serializer);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
                $"The request body is larger than the {maxBody} bytes accepted.");
            return;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            await WriteErrorAsync(
                http, serializer, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request body is not a GraphQL request: " + ex.Message);
            return;
        }
        if (request?.Query is null or "")
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request has no 'query'.");
            return;
        }

        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(http, serializer, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", problem!);
            return;
        }

        var executor = http.RequestServices.GetRequiredService<GraphQLExecutor>();
        var result = await executor.ExecuteAsync(
            request, caller!, http.RequestServices, allowMutations: HttpMethods.IsPost(http.Request.Method), http.RequestAborted);

        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.StatusCode = mediaType == GraphQLResponseMediaType && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static async Task<GraphQLRequest?> ReadRequestAsync(HttpContext http, IGraphQLTextSerializer serializer)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            var q = http.Request.Query;
            return new GraphQLRequest
            {
                Query = q["query"],
                OperationName = q["operationName"],
                Variables = q.TryGetValue("variables", out var v) && !string.IsNullOrEmpty(v) ? serializer.Deserialize<Inputs>(v!) : null,
                Extensions = q.TryGetValue("extensions", out var e) && !string.IsNullOrEmpty(e) ? serializer.Deserialize<Inputs>(e!) : null,
            };
        }

        var contentType = http.Request.ContentType ?? "";
        if (contentType.StartsWith("application/graphql", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/graphql-response", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(http.Request.Body);
            return new GraphQLRequest { Query = await reader.ReadToEndAsync(http.RequestAborted) };
        }
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"unsupported Content-Type '{contentType}'; send application/json");
        }
        return await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static string ResponseMediaType(HttpRequest request)
    {
        var accept = string.Join(',', request.Headers.Accept.ToArray());
        if (accept.Length == 0 || accept.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) || accept.Contains(
            "*/*", StringComparison.Ordinal))
        {
            return GraphQLResponseMediaType;
        }
        return "application/json";
    }

    private static async Task WriteErrorAsync(HttpContext http, IGraphQLTextSerializer serializer, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ResponseMediaType(http.Request) + "; charset=utf-8";
        var result = new ExecutionResult(new ExecutionError(message) { Code = code });
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
