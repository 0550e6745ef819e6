using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Configuration;
using Wolverine.Runtime.Handlers;

namespace Emis.Platform.Commands;

/// <summary>
/// FluentValidation as Wolverine middleware: every handler chain whose message has an <see cref="IValidator{T}"/>
/// registered validates the message before the handler runs and refuses it with field-named errors.
/// (The WolverineFx.FluentValidation package is absent from the registry; see adr/0002.)
/// </summary>
public sealed class FluentValidationPolicy : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var validatorType = typeof(IValidator<>).MakeGenericType(chain.MessageType);
            if (!container.HasRegistrationFor(validatorType)) continue;

            var method = typeof(CommandValidation).GetMethod(nameof(CommandValidation.ValidateAsync))!
                .MakeGenericMethod(chain.MessageType);
            chain.Middleware.Add(new MethodCall(typeof(CommandValidation), method));
        }
    }
}

public static class CommandValidation
{
    public static async Task ValidateAsync<T>(IValidator<T> validator, T message, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(message, cancellationToken);
        if (result.IsValid) return;
        throw new CommandRejectedException(result.Errors
            .Select(e => new UserError(
                string.IsNullOrEmpty(e.ErrorCode) || e.ErrorCode.EndsWith("Validator", StringComparison.Ordinal) ? CodeFor(e.ErrorCode) : e.ErrorCode,
                CamelCase(e.PropertyName),
                e.ErrorMessage))
            .ToList());
    }

    private static string CodeFor(string? validatorName) => validatorName switch
    {
        "NotEmptyValidator" or "NotNullValidator" => ErrorCodes.Required,
        _ => ErrorCodes.Invalid,
    };

    /// <summary>"Languages[0]" becomes "languages[0]"; "Address.Street" becomes "address.street".</summary>
    public static string? CamelCase(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath)) return null;
        return string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
    }
}

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
