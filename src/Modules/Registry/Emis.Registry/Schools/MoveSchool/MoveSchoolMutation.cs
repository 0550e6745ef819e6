using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.MoveSchool;

public sealed class MoveSchoolInput
{
    public Guid SchoolId { get; set; }
    public string Municipality { get; set; } = "";
    public long? ExpectedVersion { get; set; }
    public string? Reason { get; set; }
}

public sealed class MoveSchoolInputGraphType : InputObjectGraphType<MoveSchoolInput>
{
    public MoveSchoolInputGraphType()
    {
        Name = "MoveSchoolInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Municipality);
        Field(x => x.ExpectedVersion, nullable: true);
        Field(x => x.Reason, nullable: true);
    }
}

internal static class MoveSchoolMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SchoolPayloadGraphType>>("moveSchool")
            .Description("Assign a school to another municipality.")
            .Argument<NonNullGraphType<MoveSchoolInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<MoveSchoolInput>("input");
                return await SchoolMutation.RunAsync(context, new MoveSchool(input.SchoolId, input.Municipality, input.ExpectedVersion),
                    () => input.SchoolId, input.Reason);
            });
}
