using System.Diagnostics;
using System.Net.WebSockets;
using Emis.Platform.Auth;
using Emis.Platform.Observability;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        return endpoints.Map(Path, HandleAsync);
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

        GraphQLRequest? request;
        try
        {
            request = await ReadRequestAsync(http, serializer);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request body is not a GraphQL request: " + ex.Message);
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
        var result = await executor.ExecuteAsync(request, caller!, http.RequestServices, allowMutations: HttpMethods.IsPost(http.Request.Method), http.RequestAborted);

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
        if (accept.Length == 0 || accept.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal))
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

/// <summary>Executes one GraphQL request for a caller, with tracing and metrics (operation name and type only).</summary>
public sealed partial class GraphQLExecutor(IDocumentExecuter<EmisSchema> executer, ILogger<GraphQLExecutor> logger)
{
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, Caller caller, IServiceProvider services, bool allowMutations, CancellationToken cancellationToken,
        Func<int>? backlog = null)
    {
        using var activity = EmisTelemetry.ActivitySource.StartActivity("graphql " + (request.OperationName ?? "anonymous"), ActivityKind.Internal);
        activity?.SetTag("graphql.operation.name", request.OperationName);
        var started = Stopwatch.GetTimestamp();
        var correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.UserContext = new EmisUserContext(caller, correlationId) { Backlog = backlog };
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
            if (!allowMutations) options.ValidationRules = [.. global::GraphQL.Validation.DocumentValidator.CoreRules, new NoMutationsOverGet()];
            options.UnhandledExceptionDelegate = context =>
            {
                LogUnhandled(logger, context.Exception, context.FieldContext?.FieldDefinition.Name ?? "(document)");
                context.ErrorMessage = "An internal error occurred; it has been logged with correlation id " + correlationId + ".";
                return Task.CompletedTask;
            };
        });

        var operationType = result.Operation?.Operation.ToString().ToLowerInvariant() ?? "invalid";
        activity?.SetTag("graphql.operation.type", operationType);
        if (result.Errors is { Count: > 0 }) activity?.SetStatus(ActivityStatusCode.Error);
        EmisTelemetry.GraphQLDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("graphql.operation.type", operationType));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in GraphQL field {Field}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string field);
}

/// <summary>GraphQL over HTTP: GET may carry queries only.</summary>
internal sealed class NoMutationsOverGet : global::GraphQL.Validation.ValidationRuleBase
{
    public override ValueTask<global::GraphQL.Validation.INodeVisitor?> GetPreNodeVisitorAsync(global::GraphQL.Validation.ValidationContext context)
    {
        if (context.Operation.Operation != GraphQLParser.AST.OperationType.Query)
        {
            context.ReportError(new global::GraphQL.Validation.ValidationError("Only queries may be sent with GET; use POST for mutations and subscriptions.") { Code = "METHOD_NOT_ALLOWED" });
        }
        return default;
    }
}
