using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
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
