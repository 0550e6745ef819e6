namespace Emis.Platform.GraphQL;

/// <summary>GraphQL over HTTP: GET may carry queries only.</summary>
internal sealed class NoMutationsOverGet : global::GraphQL.Validation.ValidationRuleBase
{
    public override ValueTask<global::GraphQL.Validation.INodeVisitor?> GetPreNodeVisitorAsync(global::GraphQL.Validation.ValidationContext context)
    {
        if (context.Operation.Operation != GraphQLParser.AST.OperationType.Query)
        {
            context.ReportError(new global::GraphQL.Validation.ValidationError("Only queries may be sent with GET; use POST for mutations and subscriptions.") { Code = "METHOD_NOT_ALLOWED" });
        }
        return default;
    }
}
