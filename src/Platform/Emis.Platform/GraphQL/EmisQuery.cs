using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class EmisQuery : ObjectGraphType
{
    public EmisQuery(IEnumerable<IGraphQLModule> modules)
    {
        Name = "Query";
        foreach (var module in modules) module.AddQueryFields(this);
    }
}
