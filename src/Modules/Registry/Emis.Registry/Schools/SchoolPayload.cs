using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using Emis.Registry.Schools.GettingSchools;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Registry.Schools;

/// <summary>The result of every school mutation: the school as it is now, or what was wrong.</summary>
public sealed record SchoolPayload(SchoolView? School, IReadOnlyList<UserError> Errors);

public sealed class SchoolPayloadGraphType : ObjectGraphType<SchoolPayload>
{
    public SchoolPayloadGraphType()
    {
        Name = "SchoolPayload";
        Field(x => x.School, type: typeof(SchoolGraphType)).Description("The school after the change; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

/// <summary>The path every school mutation takes: authorise within scope, send the command, read the result back.</summary>
internal static class SchoolMutation
{
    public static async Task<SchoolPayload> RunAsync(
        IResolveFieldContext context,
        Guid? existingSchoolId,
        Func<Caller, SchoolView?, bool> mayChange,
        Func<Caller, object> command,
        Func<Guid> resultId,
        string? reason = null)
    {
        var emis = context.EmisContext();
        var caller = emis.Caller;
        var services = context.RequestServices!;
        var queries = services.GetRequiredService<SchoolQueries>();

        SchoolView? existing = null;
        if (existingSchoolId is { } id)
        {
            existing = await queries.SchoolAsync(caller, id, null, context.CancellationToken);
            if (existing is null)
            {
                return Refused(ErrorCodes.NotFound, "schoolId", $"There is no school with id {id} in your scope.");
            }
        }
        if (!mayChange(caller, existing))
        {
            return Refused(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not make this change{(existing is null ? "" : " to this school")}.");
        }

        var outcome = await services.GetRequiredService<CommandDispatcher>()
            .SendAsync(command(caller), emis.CommandContext(reason), context.CancellationToken);
        if (!outcome.Succeeded) return new SchoolPayload(null, outcome.Errors);

        await using var session = services.GetRequiredService<Marten.IDocumentStore>().QuerySession(caller.Jurisdiction);
        return new SchoolPayload(await session.LoadAsync<SchoolView>(resultId(), context.CancellationToken), []);
    }

    public static bool MinistryAdmin(Caller caller, SchoolView? _) => caller.Role == Roles.MinistryAdmin;

    private static SchoolPayload Refused(string code, string? field, string message) => new(null, [new UserError(code, field, message)]);
}
