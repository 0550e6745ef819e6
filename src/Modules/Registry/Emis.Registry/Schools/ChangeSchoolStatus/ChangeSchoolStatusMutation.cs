using Emis.Registry.Schools.GettingSchools;
using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.ChangeSchoolStatus;

public sealed class ChangeSchoolStatusInput
{
    public Guid SchoolId { get; set; }
    public SchoolStatus Status { get; set; }
    public string Reason { get; set; } = "";
    public long? ExpectedVersion { get; set; }
}

public sealed class ChangeSchoolStatusInputGraphType : InputObjectGraphType<ChangeSchoolStatusInput>
{
    public ChangeSchoolStatusInputGraphType()
    {
        Name = "ChangeSchoolStatusInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<SchoolStatusGraphType>));
        Field(x => x.Reason).Description("Why: required, kept in the school's status history and on the event.");
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class ChangeSchoolStatusMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SchoolPayloadGraphType>>("changeSchoolStatus")
            .Description(
                "Open, close, close for an emergency, or move a school to distance learning. A municipality officer may do this for the " +
                "municipality's schools.")
            .Argument<NonNullGraphType<ChangeSchoolStatusInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<ChangeSchoolStatusInput>("input");
                return await SchoolMutation.RunAsync(
                    context, new ChangeSchoolStatus(input.SchoolId, input.Status, input.Reason, input.ExpectedVersion),
                    () => input.SchoolId, input.Reason);
            });
}
