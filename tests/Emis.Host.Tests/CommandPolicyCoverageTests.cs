using Emis.Credentials;
using Emis.Enrollment;
using Emis.Platform.Commands;
using Emis.Registry;
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
        var commands = new[] { typeof(RegistryModule), typeof(EnrollmentModule), typeof(CredentialsModule) }
            .SelectMany(module => module.Assembly.GetTypes())
            .Where(type => type.GetNestedTypes().Any(nested =>
                typeof(AbstractValidator<>).MakeGenericType(type).IsAssignableFrom(nested)))
            .ToList();
        using var scope = host.Services.CreateScope();

        var without = commands
            .Where(command => scope.ServiceProvider.GetService(typeof(ICommandPolicy<>).MakeGenericType(command)) is null)
            .Select(command => command.FullName)
            .ToList();

        Assert.True(commands.Count >= 13, $"found only {commands.Count} commands; the search itself is broken");
        Assert.True(without.Count == 0, "commands without a policy: " + string.Join(", ", without));
    }
}
