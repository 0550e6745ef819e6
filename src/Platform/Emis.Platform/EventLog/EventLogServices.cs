using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.EventLog;

public static class EventLogServices
{
    /// <summary>The event log reader, its live pulse and pseudonymisation.</summary>
    public static IServiceCollection AddEventLog(this IServiceCollection services)
    {
        services.AddSingleton<EventLog>();
        services.AddHostedService<EventLogIndex>();
        services.AddSingleton<EventLogPulse>();
        services.AddSingleton<Pseudonymiser>();
        return services;
    }
}
