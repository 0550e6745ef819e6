using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.SetSchoolLanguages;

public sealed class SetSchoolLanguagesInput
{
    public Guid SchoolId { get; set; }
    public List<string> Languages { get; set; } = [];
    public long? ExpectedVersion { get; set; }
    public string? Reason { get; set; }
}

public sealed class SetSchoolLanguagesInputGraphType : InputObjectGraphType<SetSchoolLanguagesInput>
{
    public SetSchoolLanguagesInputGraphType()
    {
        Name = "SetSchoolLanguagesInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Languages, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.ExpectedVersion, nullable: true);
        Field(x => x.Reason, nullable: true);
    }
}

internal static class SetSchoolLanguagesMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SchoolPayloadGraphType>>("setSchoolLanguages")
            .Argument<NonNullGraphType<SetSchoolLanguagesInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<SetSchoolLanguagesInput>("input");
                return await SchoolMutation.RunAsync(context, new SetSchoolLanguages(input.SchoolId, input.Languages, input.ExpectedVersion),
                    () => input.SchoolId, input.Reason);
            });
}
