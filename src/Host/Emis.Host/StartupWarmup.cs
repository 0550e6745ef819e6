using System.Diagnostics;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL.Transport;
using Wolverine.Runtime;

namespace Emis.Host;

/// <summary>
/// Does before the host listens what its first requests would otherwise do on a user's time (adr/0016): loads every
/// Wolverine handler's pre-generated type with its dependencies, and builds and runs the GraphQL schema once (an
/// introspection query, which reads no data and writes nothing). Hosted services
/// start before the web server, so the host answers its first request warm.
/// </summary>
internal sealed partial class StartupWarmup(IServiceProvider services, IWolverineRuntime wolverine, GraphQLExecutor graphql,
    ILogger<StartupWarmup> logger) : IHostedService
{
    private static readonly Caller WarmupCaller = new("emis-warmup", Roles.Partner, "emis-warmup", null, null);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var handlers = 0;
        if (wolverine is WolverineRuntime runtime)
        {
            foreach (var chain in runtime.Handlers.Chains)
            {
                // A message several modules subscribe to has one chain per subscriber, each on its own local queue.
                var endpoints = chain.ByEndpoint.SelectMany(c => c.Endpoints).Distinct().ToList();
                if (endpoints.Count == 0)
                {
                    if (runtime.Handlers.HandlerFor(chain.MessageType) is not null) handlers++;
                    continue;
                }
                foreach (var endpoint in endpoints)
                {
                    if (runtime.Handlers.HandlerFor(chain.MessageType, endpoint) is not null) handlers++;
                }
            }
        }
        await using var scope = services.CreateAsyncScope();
        var result = await graphql.ExecuteAsync(new GraphQLRequest { Query = "{ __schema { queryType { name } mutationType { name } } }" },
            WarmupCaller, scope.ServiceProvider, allowMutations: false, cancellationToken);
        LogWarm(logger, handlers, result.Errors?.Count ?? 0, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Warmed up {Handlers} message handlers and the GraphQL schema ({Errors} errors) in {Milliseconds} ms")]
    private static partial void LogWarm(ILogger logger, int handlers, int errors, long milliseconds);
}
