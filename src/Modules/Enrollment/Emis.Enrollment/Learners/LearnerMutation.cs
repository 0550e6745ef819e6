using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Statistics;
using Emis.Platform.GraphQL;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners;

/// <summary>Every learner mutation: the <see cref="MutationRunner"/>, then the learner read back (and live statistics told).</summary>
internal static class LearnerMutation
{
    public static Task<LearnerPayload> RunAsync<TCommand>(IResolveFieldContext context, TCommand command, Guid learnerId, string? reason = null)
        where TCommand : notnull =>
        MutationRunner.RunAsync(context, command, () => ReadBackAsync(context, learnerId), reason);

    private static async Task<LearnerPayload> ReadBackAsync(IResolveFieldContext context, Guid learnerId)
    {
        var caller = context.Caller();
        var services = context.RequestServices!;
        services.GetRequiredService<EnrollmentStatisticsFeed>().Changed(caller.Jurisdiction);
        return new LearnerPayload(
            await services.GetRequiredService<LearnerQueries>().LearnerAsync(caller, learnerId, null, context.CancellationToken), []);
    }
}
