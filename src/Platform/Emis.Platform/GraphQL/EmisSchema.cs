using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>The one schema; modules contribute through <see cref="IGraphQLModule"/>.</summary>
public sealed class EmisSchema : Schema
{
    public EmisSchema(IServiceProvider services, EmisQuery query, EmisMutation mutation, EmisSubscription subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
