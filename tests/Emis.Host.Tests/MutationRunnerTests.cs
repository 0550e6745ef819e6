using Emis.Enrollment.Learners.TransferLearner;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using Emis.Registry.Schools.RegisterSchool;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Host.Tests;

/// <summary>The one mutation runner: a command is only sent when its policy lets the caller send it.</summary>
public sealed class MutationRunnerTests
{
    private sealed record Ping(string Text);

    private sealed record PingPayload(string? Answer, IReadOnlyList<UserError> Errors) : IMutationPayload<PingPayload>
    {
        public static PingPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
    }

    private sealed class RefusingPolicy : ICommandPolicy<Ping>
    {
        public Task<UserError?> AuthorizeAsync(Caller caller, Ping command, CancellationToken ct) =>
            Task.FromResult<UserError?>(new UserError(ErrorCodes.Forbidden, null, $"{caller.Role} may not ping."));
    }

    private static ResolveFieldContext Context(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return new ResolveFieldContext
        {
            UserContext = new EmisUserContext(new Caller("runner", Roles.Teacher, "runner-tests", null, null), "correlation"),
            RequestServices = services.BuildServiceProvider(),
        };
    }

    [Fact]
    public async Task A_refused_command_is_never_sent_and_the_refusal_is_the_payload()
    {
        // No CommandDispatcher is registered: sending would throw.
        var context = Context(s => s.AddTransient<ICommandPolicy<Ping>, RefusingPolicy>());
        var payload = await MutationRunner.RunAsync(context, new Ping("hello"),
            () => Task.FromResult(new PingPayload("sent", [])));

        Assert.Null(payload.Answer);
        var error = Assert.Single(payload.Errors);
        Assert.Equal(new UserError(ErrorCodes.Forbidden, null, "teacher may not ping."), error);
    }

    [Fact]
    public async Task A_command_without_a_policy_is_refused_by_the_code_not_let_through()
    {
        var context = Context(_ => { });
        await Assert.ThrowsAsync<InvalidOperationException>(() => MutationRunner.RunAsync(context, new Ping("hello"),
            () => Task.FromResult(new PingPayload("sent", []))));
    }

    [Fact]
    public void Every_module_registers_the_policies_beside_its_handlers()
    {
        var services = new ServiceCollection();
        services.AddCommandPoliciesFrom<TransferLearner>();
        services.AddCommandPoliciesFrom<RegisterSchool>();
        Assert.Contains(services, d => d.ServiceType == typeof(ICommandPolicy<TransferLearner>));
        Assert.Contains(services, d => d.ServiceType == typeof(ICommandPolicy<RegisterSchool>));
    }
}
