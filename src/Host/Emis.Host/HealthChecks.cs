using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Emis.Host;

/// <summary>Ready when PostgreSQL answers.</summary>
internal sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            var one = await session.QueryAsync<int>("select 1", cancellationToken);
            return one.Count == 1 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("unexpected answer");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", ex);
        }
    }
}

/// <summary>
/// Ready when the async projections keep up with the event store: degraded when a projection is more than
/// <see cref="MaxLag"/> events behind the high-water mark.
/// </summary>
internal sealed class ProjectionDaemonHealthCheck(IDocumentStore store) : IHealthCheck
{
    private const long MaxLag = 10_000;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var progress = await store.Storage.Database.AllProjectionProgress(cancellationToken);
            var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
            var behind = progress
                .Where(p => p.ShardName != "HighWaterMark" && highWater - p.Sequence > MaxLag)
                .Select(p => $"{p.ShardName} at {p.Sequence} of {highWater}")
                .ToList();
            var data = new Dictionary<string, object> { ["highWaterMark"] = highWater, ["shards"] = progress.Count };
            return behind.Count == 0
                ? HealthCheckResult.Healthy("projections are current", data)
                : HealthCheckResult.Degraded("projections behind: " + string.Join(", ", behind), data: data);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("projection progress unavailable", ex);
        }
    }
}
