using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public static class MutationPayloadFields
{
    /// <summary>The payload's <c>errors: [UserError!]!</c> field, the same on every mutation payload.</summary>
    public static void ErrorsField<TPayload>(this ObjectGraphType<TPayload> payload) where TPayload : IMutationPayload<TPayload> =>
        payload.Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
}
