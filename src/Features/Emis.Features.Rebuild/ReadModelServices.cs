using Emis.Platform.ReadModels;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.Rebuild;

public static class ReadModelServices
{
    /// <summary>The rebuilder and verifier of the read models the modules register as <see cref="IReadModel"/>.</summary>
    public static IServiceCollection AddReadModelRebuild(this IServiceCollection services)
    {
        services.AddSingleton<ReadModelRebuilder>();
        services.AddSingleton<IReadModelRebuilder>(sp => sp.GetRequiredService<ReadModelRebuilder>());
        services.AddSingleton<ReadModelVerifier>();
        return services;
    }
}
