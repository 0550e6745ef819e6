using System.Globalization;
using GraphQLParser.AST;
using Microsoft.Extensions.Configuration;

namespace Emis.Platform.GraphQL;

/// <summary>
/// What one GraphQL operation may ask for, checked before any resolver runs (configuration <c>Emis:GraphQL:Limits:*</c>).
/// The defaults are far above what Emis's own clients and tests send: a page of 500 learners with their histories costs
/// about 40,000; 400 aliased pages of learners, 1,000,000.
/// </summary>
/// <param name="MaxComplexity">The cost of the operation: every field costs 1, and a list multiplies its selection by its page
/// size (<c>first</c>) or by 5 (GraphQL.NET's complexity analyzer).</param>
/// <param name="MaxDepth">Nesting of selections.</param>
/// <param name="MaxAliases">Aliased fields in the document (one question asked many times under other names).</param>
/// <param name="MaxRootFields">Fields at the top of the operation.</param>
/// <param name="MaxBodyBytes">The size of a request body over HTTP (the query and its variables).</param>
/// <param name="MaxOperationsPerConnection">Subscriptions running at once on one WebSocket connection.</param>
/// <param name="MaxConnectionsPerCaller">WebSocket connections open at once for one caller (jurisdiction and subject), per node.</param>
/// <param name="Introspection">Whether authenticated callers may ask for the schema (<c>__schema</c>, <c>__type</c>); the IDE needs it.</param>
public sealed record GraphQLLimits(
    int MaxComplexity = 100_000, int MaxDepth = 15, int MaxAliases = 50, int MaxRootFields = 25, int MaxBodyBytes = 1_048_576,
    int MaxOperationsPerConnection = 100, int MaxConnectionsPerCaller = 50, bool Introspection = true)
{
    public const string Section = "Emis:GraphQL:Limits";

    public static GraphQLLimits From(IConfiguration configuration)
    {
        var defaults = new GraphQLLimits();
        int Read(string key, int fallback) =>
            int.TryParse(configuration[$"{Section}:{key}"], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value : fallback;
        return new GraphQLLimits(Read(nameof(MaxComplexity), defaults.MaxComplexity), Read(nameof(MaxDepth), defaults.MaxDepth),
            Read(nameof(MaxAliases), defaults.MaxAliases), Read(nameof(MaxRootFields), defaults.MaxRootFields),
            Read(nameof(MaxBodyBytes), defaults.MaxBodyBytes), Read(nameof(MaxOperationsPerConnection), defaults.MaxOperationsPerConnection),
            Read(nameof(MaxConnectionsPerCaller), defaults.MaxConnectionsPerCaller),
            !string.Equals(configuration[$"{Section}:{nameof(Introspection)}"], "false", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// Refuses an operation with more aliases or root fields than <see cref="GraphQLLimits"/> allows, with a code naming the
/// limit (<c>MAX_ALIASES_EXCEEDED</c>, <c>MAX_ROOT_FIELDS_EXCEEDED</c>) and a message saying by how much.
/// </summary>
internal sealed class OperationLimits(GraphQLLimits limits) : global::GraphQL.Validation.ValidationRuleBase
{
    public override ValueTask<global::GraphQL.Validation.INodeVisitor?> GetPreNodeVisitorAsync(global::GraphQL.Validation.ValidationContext context)
    {
        var aliases = 0;
        foreach (var definition in context.Document.Definitions)
        {
            var selections = definition switch
            {
                GraphQLOperationDefinition operation => operation.SelectionSet,
                GraphQLFragmentDefinition fragment => fragment.SelectionSet,
                _ => null,
            };
            if (selections is not null) aliases += Aliases(selections);
        }
        if (aliases > limits.MaxAliases)
        {
            context.ReportError(new global::GraphQL.Validation.ValidationError(
                $"The operation uses {aliases} aliases; at most {limits.MaxAliases} are allowed. Ask for a larger page or split the request.")
            { Code = "MAX_ALIASES_EXCEEDED" });
        }
        var roots = context.Operation.SelectionSet.Selections.Count;
        if (roots > limits.MaxRootFields)
        {
            context.ReportError(new global::GraphQL.Validation.ValidationError(
                $"The operation asks for {roots} root fields; at most {limits.MaxRootFields} are allowed. Split the request.")
            { Code = "MAX_ROOT_FIELDS_EXCEEDED" });
        }
        return default;
    }

    private static int Aliases(GraphQLSelectionSet set)
    {
        var count = 0;
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    if (field.Alias is not null) count++;
                    if (field.SelectionSet is { } inner) count += Aliases(inner);
                    break;
                case GraphQLInlineFragment inline:
                    count += Aliases(inline.SelectionSet);
                    break;
            }
        }
        return count;
    }
}

/// <summary>WebSocket connections open on this node, per caller (<see cref="GraphQLLimits.MaxConnectionsPerCaller"/>).</summary>
public sealed class WebSocketConnections
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _open = new();

    /// <summary>Counts a connection in, unless the caller already has <paramref name="max"/> open.</summary>
    public bool TryOpen(string caller, int max)
    {
        while (true)
        {
            var current = _open.GetOrAdd(caller, 0);
            if (current >= max) return false;
            if (_open.TryUpdate(caller, current + 1, current)) return true;
        }
    }

    public void Close(string caller) => _open.AddOrUpdate(caller, 0, (_, n) => Math.Max(0, n - 1));
}
