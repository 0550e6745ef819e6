using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.Commands;

public static class CommandPolicyRegistration
{
    /// <summary>Registers every non-abstract <see cref="ICommandPolicy{TCommand}"/> in the assembly of <typeparamref name="TMarker"/>.</summary>
    public static IServiceCollection AddCommandPoliciesFrom<TMarker>(this IServiceCollection services)
    {
        foreach (var type in typeof(TMarker).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandPolicy<>)))
            {
                services.AddTransient(contract, type);
            }
        }
        return services;
    }
}
