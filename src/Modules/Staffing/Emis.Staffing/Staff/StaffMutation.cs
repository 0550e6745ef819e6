using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using Emis.Staffing.Staff.GettingStaff;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Staff;

/// <summary>The result of every staff mutation: the member of staff as they are now, or what was wrong.</summary>
public sealed record StaffPayload(StaffProfile? StaffMember, IReadOnlyList<UserError> Errors) : IMutationPayload<StaffPayload>
{
    public static StaffPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class StaffPayloadGraphType : ObjectGraphType<StaffPayload>
{
    public StaffPayloadGraphType()
    {
        Name = "StaffPayload";
        Field(x => x.StaffMember, type: typeof(StaffMemberGraphType)).Description("The member of staff after the change; null when refused.");
        this.ErrorsField();
    }
}

/// <summary>Every staff mutation: the <see cref="MutationRunner"/>, then the member of staff read back.</summary>
internal static class StaffMutation
{
    public static Task<StaffPayload> RunAsync<TCommand>(IResolveFieldContext context, TCommand command, Guid staffId, string? reason = null)
        where TCommand : notnull =>
        MutationRunner.RunAsync(context, command, () => ReadBackAsync(context, staffId), reason);

    private static async Task<StaffPayload> ReadBackAsync(IResolveFieldContext context, Guid staffId)
    {
        await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(context.Caller().Jurisdiction);
        return new StaffPayload(await session.LoadAsync<StaffProfile>(staffId, context.CancellationToken), []);
    }

    /// <summary>A staff mutation field taking one input of <typeparamref name="TInputGraphType"/>.</summary>
    public static void Add<TInputGraphType, TInput>(ObjectGraphType mutation, string name, string description,
        Func<IResolveFieldContext, TInput, Task<StaffPayload>> run)
        where TInputGraphType : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<StaffPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputGraphType>>("input")
            .ResolveAsync(async context => await run(context, context.GetArgument<TInput>("input")));
}
