using Emis.Platform.Commands;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Host.Tests;

/// <summary>
/// The mutation runner fails closed on a command without a policy, but only when the command is first sent; this finds
/// the gap at test time instead: every command a module declares (a record with its nested Validator) has an
/// <see cref="ICommandPolicy{TCommand}"/> in the composed host.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CommandPolicyCoverageTests(EmisHostFixture host)
{
    [Fact]
    public void every_command_a_module_declares_has_a_policy_saying_who_may_send_it()
    {
        // Every module the host composes (Emis.<Module>, two-part names), not a list that a new module could be left out of.
        var modules = typeof(EmisComposition).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name is { } n && n.StartsWith("Emis.", StringComparison.Ordinal) && n.Split('.').Length == 2
                           && n != "Emis.Platform")
            .Select(System.Reflection.Assembly.Load)
            .ToList();
        var commands = modules
            .SelectMany(module => module.GetTypes())
            .Where(type => type.GetNestedTypes().Any(nested =>
                typeof(AbstractValidator<>).MakeGenericType(type).IsAssignableFrom(nested)))
            .ToList();
        using var scope = host.Services.CreateScope();

        var without = commands
            .Where(command => scope.ServiceProvider.GetService(typeof(ICommandPolicy<>).MakeGenericType(command)) is null)
            .Select(command => command.FullName)
            .ToList();

        Assert.Contains(modules, module => module.GetName().Name == "Emis.Enrollment");
        Assert.True(commands.Count >= 13, $"found only {commands.Count} commands; the search itself is broken");
        Assert.True(without.Count == 0, "commands without a policy: " + string.Join(", ", without));
    }

    /// <summary>
    /// A validator nobody registered never runs, and nothing says so (the diplomas' commands were accepted unvalidated until
    /// Credentials called <c>AddValidatorsFrom</c>): every nested validator of a command is the one the host resolves.
    /// </summary>
    [Fact]
    public void every_commands_validator_is_registered_so_that_it_runs()
    {
        var modules = typeof(EmisComposition).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name is { } n && n.StartsWith("Emis.", StringComparison.Ordinal) && n.Split('.').Length == 2
                           && n != "Emis.Platform")
            .Select(System.Reflection.Assembly.Load)
            .ToList();
        var validators = modules
            .SelectMany(module => module.GetTypes())
            .SelectMany(type => type.GetNestedTypes()
                .Where(nested => typeof(AbstractValidator<>).MakeGenericType(type).IsAssignableFrom(nested))
                .Select(nested => (Command: type, Validator: nested)))
            .ToList();
        using var scope = host.Services.CreateScope();

        var unregistered = validators
            .Where(v => !scope.ServiceProvider.GetServices(typeof(IValidator<>).MakeGenericType(v.Command)).Any(r => r?.GetType() == v.Validator))
            .Select(v => v.Validator.FullName)
            .ToList();

        Assert.Contains(validators, v => v.Command.Name == "RevokeDiploma");
        Assert.True(validators.Count >= 13, $"found only {validators.Count} validators; the search itself is broken");
        Assert.True(unregistered.Count == 0, "validators never registered (they would never run): " + string.Join(", ", unregistered));
    }
}
