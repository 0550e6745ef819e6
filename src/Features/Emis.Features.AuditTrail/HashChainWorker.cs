using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed partial class HashChainWorker(HashChain chain, IConfiguration configuration, ILogger<HashChainWorker> logger) : BackgroundService
{
    public const string IntervalSetting = "Emis:Audit:HashChain:Interval";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue<TimeSpan?>(IntervalSetting) ?? TimeSpan.FromMinutes(5);
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var extension = await chain.ExtendAsync(stoppingToken);
                    if (extension.Added > 0) LogExtended(logger, extension.Added, extension.Head);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hash chain extended by {Added} events to sequence {Head}")]
    private static partial void LogExtended(ILogger logger, long added, long head);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hash chain extension failed; next attempt at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
