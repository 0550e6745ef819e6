using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.Commands;

public static class ValidationRegistration
{
    /// <summary>Registers every non-abstract <see cref="IValidator{T}"/> in the assembly of <typeparamref name="TMarker"/>.</summary>
    public static IServiceCollection AddValidatorsFrom<TMarker>(this IServiceCollection services)
    {
        foreach (var type in typeof(TMarker).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddSingleton(contract, type);
            }
        }
        return services;
    }
}
