using System.Diagnostics;
using Emis.Platform.Auth;
using Emis.Platform.Observability;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Logging;

namespace Emis.Platform.GraphQL;

/// <summary>Executes one GraphQL request for a caller, with tracing and metrics (operation name and type only).</summary>
public sealed partial class GraphQLExecutor(
    IDocumentExecuter<EmisSchema> executer, IEnumerable<ICallerScope> scopes, GraphQLLimits limits, ILogger<GraphQLExecutor> logger)
{
    // The limits every operation is checked against before any resolver runs (GraphQLLimits).
    private readonly global::GraphQL.Validation.IValidationRule[] _limitRules =
    [
        new OperationLimits(limits),
        new global::GraphQL.Validation.Rules.Custom.ComplexityValidationRule(new global::GraphQL.Validation.Complexity.ComplexityOptions
        {
            MaxComplexity = limits.MaxComplexity,
            MaxDepth = limits.MaxDepth,
        }),
        .. limits.Introspection ? [] : new global::GraphQL.Validation.IValidationRule[]
        {
            global::GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule.Instance,
        },
    ];

    /// <summary>GraphQL.NET's parser limit on nesting (GraphQLParser's default), refused as MAX_DEPTH_EXCEEDED.</summary>
    public const int MaxParserDepth = 128;

    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request, Caller caller, IServiceProvider services, bool allowMutations, CancellationToken cancellationToken,
        Func<int>? backlog = null)
    {
        using var activity = EmisTelemetry.ActivitySource.StartActivity("graphql " + (request.OperationName ?? "anonymous"), ActivityKind.Internal);
        activity?.SetTag("graphql.operation.name", request.OperationName);
        var started = Stopwatch.GetTimestamp();
        var correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        // The scope as Emis's records say it is now (a teacher's sections), completed for every operation.
        foreach (var scope in scopes) caller = await scope.CompleteAsync(caller, cancellationToken);

        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.UserContext = new EmisUserContext(caller, correlationId) { Backlog = backlog };
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
            options.ValidationRules = allowMutations
                ? [.. global::GraphQL.Validation.DocumentValidator.CoreRules, .. _limitRules]
                : [.. global::GraphQL.Validation.DocumentValidator.CoreRules, .. _limitRules, new NoMutationsOverGet()];
            options.UnhandledExceptionDelegate = context =>
            {
                if (context.Exception is GraphQLParser.Exceptions.GraphQLMaxDepthExceededException)
                {
                    // The request's own fault, not an internal error: say which limit it crossed.
                    context.ErrorMessage = "The query is nested too deeply: it exceeds the parser's limit of " +
                        MaxParserDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " nested syntax nodes.";
                    return Task.CompletedTask;
                }
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
