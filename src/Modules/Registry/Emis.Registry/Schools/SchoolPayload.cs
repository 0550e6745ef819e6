using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using Emis.Registry.Schools.GettingSchools;
using GraphQL.Types;

namespace Emis.Registry.Schools;

/// <summary>The result of every school mutation: the school as it is now, or what was wrong.</summary>
public sealed record SchoolPayload(SchoolView? School, IReadOnlyList<UserError> Errors) : IMutationPayload<SchoolPayload>
{
    public static SchoolPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class SchoolPayloadGraphType : ObjectGraphType<SchoolPayload>
{
    public SchoolPayloadGraphType()
    {
        Name = "SchoolPayload";
        Field(x => x.School, type: typeof(SchoolGraphType)).Description("The school after the change; null when refused.");
        this.ErrorsField();
    }
}
