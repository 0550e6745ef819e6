using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.RenameSchool;

public sealed class RenameSchoolInput
{
    public Guid SchoolId { get; set; }
    public string Name { get; set; } = "";
    public long? ExpectedVersion { get; set; }
    public string? Reason { get; set; }
}

public sealed class RenameSchoolInputGraphType : InputObjectGraphType<RenameSchoolInput>
{
    public RenameSchoolInputGraphType()
    {
        Name = "RenameSchoolInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.ExpectedVersion, nullable: true).Description("The version you read; a newer one refuses the change with CONCURRENCY_CONFLICT.");
        Field(x => x.Reason, nullable: true);
    }
}

internal static class RenameSchoolMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SchoolPayloadGraphType>>("renameSchool")
            .Argument<NonNullGraphType<RenameSchoolInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RenameSchoolInput>("input");
                return await SchoolMutation.RunAsync(context, new RenameSchool(input.SchoolId, input.Name, input.ExpectedVersion),
                    () => input.SchoolId, input.Reason);
            });
}
