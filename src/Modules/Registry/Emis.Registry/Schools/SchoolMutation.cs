using Emis.Platform.GraphQL;
using Emis.Registry.Schools.GettingSchools;
using GraphQL;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Registry.Schools;

/// <summary>Every school mutation: the <see cref="MutationRunner"/>, then the school read back.</summary>
internal static class SchoolMutation
{
    public static Task<SchoolPayload> RunAsync<TCommand>(IResolveFieldContext context, TCommand command, Func<Guid> schoolId, string? reason = null)
        where TCommand : notnull =>
        MutationRunner.RunAsync(context, command, () => ReadBackAsync(context, schoolId()), reason);

    private static async Task<SchoolPayload> ReadBackAsync(IResolveFieldContext context, Guid schoolId)
    {
        await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(context.Caller().Jurisdiction);
        return new SchoolPayload(await session.LoadAsync<SchoolView>(schoolId, context.CancellationToken), []);
    }
}
