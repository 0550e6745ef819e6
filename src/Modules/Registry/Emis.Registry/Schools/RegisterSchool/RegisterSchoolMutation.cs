using Emis.Platform.GraphQL;
using Emis.Registry.Schools.GettingSchools;
using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.RegisterSchool;

public sealed class RegisterSchoolInput
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";
    public SchoolLevel Level { get; set; }
    public List<string>? Languages { get; set; }
    public SchoolStatus? Status { get; set; }
}

public sealed class RegisterSchoolInputGraphType : InputObjectGraphType<RegisterSchoolInput>
{
    public RegisterSchoolInputGraphType()
    {
        Name = "RegisterSchoolInput";
        Field(x => x.Code).Description("The ministry's code for the school, unique in the jurisdiction.");
        Field(x => x.Name);
        Field(x => x.Municipality);
        Field(x => x.Level, type: typeof(NonNullGraphType<SchoolLevelGraphType>));
        Field(x => x.Languages, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>))
            .Description("Languages of instruction, ISO 639 codes (sq, bs, hr, sr, tr, rom, ...).");
        Field(x => x.Status, type: typeof(SchoolStatusGraphType)).Description("Defaults to OPEN.");
    }
}

internal static class RegisterSchoolMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SchoolPayloadGraphType>>("registerSchool")
            .Description("Enter a new school into the registry. A code already registered in the jurisdiction is refused.")
            .Argument<NonNullGraphType<RegisterSchoolInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RegisterSchoolInput>("input");
                return await SchoolMutation.RunAsync(
                    context,
                    new RegisterSchool(
                        input.Code, input.Name, input.Municipality, input.Level, input.Languages ?? [], input.Status ?? SchoolStatus.Open),
                    () => SchoolIdentity.For(context.Caller().Jurisdiction, input.Code));
            });
}
