using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>A module's contribution to the one GraphQL schema: its fields on the three root types.</summary>
public interface IGraphQLModule
{
    void AddQueryFields(ObjectGraphType query);
    void AddMutationFields(ObjectGraphType mutation);
    void AddSubscriptionFields(ObjectGraphType subscription);
}
