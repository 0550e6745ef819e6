using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.Partners.Feed;

public sealed record PublicEventItem(long Sequence, JsonObject CloudEvent)
{
    public string Attribute(string name) => CloudEvent[name]?.GetValue<string>() ?? "";
}
