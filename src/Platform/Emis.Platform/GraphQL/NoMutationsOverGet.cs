namespace Emis.Platform.GraphQL;

/// <summary>GraphQL over HTTP: GET may carry queries only.</summary>
internal sealed class NoMutationsOverGet : global::GraphQL.Validation.ValidationRuleBase
{
    public override ValueTask<global::GraphQL.Validation.INodeVisitor?> GetPreNodeVisitorAsync(global::GraphQL.Validation.ValidationContext context)
    {
        if (context.Operation.Operation != GraphQLParser.AST.OperationType.Query)
        {
            const string message = "Only queries may be sent with GET; use POST for mutations and subscriptions.";
            context.ReportError(new global::GraphQL.Validation.ValidationError(message) { Code = "METHOD_NOT_ALLOWED" });
        }
        return default;
    }
}
