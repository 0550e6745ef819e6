using Emis.Platform.Commands;
using GraphQL.Types;

namespace Emis.Platform.GraphQL;

public sealed class UserErrorGraphType : ObjectGraphType<UserError>
{
    public UserErrorGraphType()
    {
        Name = "UserError";
        Description = "A validation or rule failure. Mutations return these as data; nothing was written.";
        Field(x => x.Code).Description("Stable machine-readable code, e.g. REQUIRED, DUPLICATE, CONCURRENCY_CONFLICT.");
        Field(x => x.Field, nullable: true).Description("The input field at fault (camelCase path), or null.");
        Field(x => x.Message).Description("What is wrong, in a sentence a person can act on.");
    }
}
