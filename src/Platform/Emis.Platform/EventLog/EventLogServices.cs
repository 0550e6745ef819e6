using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.EventLog;

public static class EventLogServices
{
    /// <summary>The event log reader and its live pulse.</summary>
    public static IServiceCollection AddEventLog(this IServiceCollection services)
    {
        services.AddSingleton<EventLog>();
        services.AddHostedService<EventLogIndex>();
        services.AddSingleton<EventLogPulse>();
        services.AddSingleton<FigureSequences>();
        return services;
    }
}
