using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class EmisSubscription : ObjectGraphType
{
    public EmisSubscription(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Subscription";
        foreach (var module in modules) module.AddSubscriptionFields(this);
    }
}
