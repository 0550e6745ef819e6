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
}
