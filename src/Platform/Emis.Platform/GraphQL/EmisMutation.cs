using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class EmisMutation : ObjectGraphType
{
    public EmisMutation(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Mutation";
        foreach (var module in modules) module.AddMutationFields(this);
    }
}
