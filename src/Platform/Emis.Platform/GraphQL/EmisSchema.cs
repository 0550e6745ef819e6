using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>A module's contribution to the one GraphQL schema: its fields on the three root types.</summary>
public interface IGraphQLModule
{
    void AddQueryFields(ObjectGraphType query);
    void AddMutationFields(ObjectGraphType mutation);
    void AddSubscriptionFields(ObjectGraphType subscription);
}

public sealed class EmisQuery : ObjectGraphType
{
    public EmisQuery(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Query";
        foreach (var module in modules) module.AddQueryFields(this);
    }
}

public sealed class EmisMutation : ObjectGraphType
{
    public EmisMutation(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Mutation";
        foreach (var module in modules) module.AddMutationFields(this);
    }
}

public sealed class EmisSubscription : ObjectGraphType
{
    public EmisSubscription(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Subscription";
        foreach (var module in modules) module.AddSubscriptionFields(this);
    }
}

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
