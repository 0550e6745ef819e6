using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>The one schema; modules contribute through <see cref="IGraphQLModule"/>.</summary>
public sealed class EmisSchema : Schema
{
    public EmisSchema(IServiceProvider services, EmisQuery query, EmisMutation mutation, EmisSubscription subscription,
        IEnumerable<IObjectTypeExtension> extensions)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        // Fields modules add to each other's types (adr/0001: modules meet only through contracts and the schema).
        var added = extensions.ToList();
        if (added.Count > 0) RegisterVisitor(new ObjectTypeExtensionVisitor(added));
    }
}
