using Emis.Enrollment.Learners.GettingLearners;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.RegisterLearner;

public sealed class LearnerContactsInput
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianEmail { get; set; }
    public string? GuardianPhone { get; set; }
}

public sealed class LearnerContactsInputGraphType : InputObjectGraphType<LearnerContactsInput>
{
    public LearnerContactsInputGraphType()
    {
        Name = "LearnerContactsInput";
        Description = "The learner's own email and phone are refused under 13: give the guardian's instead.";
        Field(x => x.Email, nullable: true);
        Field(x => x.Phone, nullable: true);
        Field(x => x.GuardianName, nullable: true);
        Field(x => x.GuardianEmail, nullable: true);
        Field(x => x.GuardianPhone, nullable: true);
    }
}

public sealed class PlacementInput
{
    public string SchoolYear { get; set; } = "";
    public Guid SchoolId { get; set; }
    public int Grade { get; set; }
    public string Section { get; set; } = "";
}

public sealed class PlacementInputGraphType : InputObjectGraphType<PlacementInput>
{
    public PlacementInputGraphType()
    {
        Name = "PlacementInput";
        Field(x => x.SchoolYear).Description("e.g. 2025/2026");
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Grade);
        Field(x => x.Section);
    }
}

public sealed class RegisterLearnerInput
{
    public string FirstName { get; set; } = "";
    public string? ParentName { get; set; }
    public string LastName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public string MotherTongue { get; set; } = "";
    public string LanguageOfInstruction { get; set; } = "";
    public Disability? Disability { get; set; }
    public string? Community { get; set; }
    public Displacement? Displacement { get; set; }
    public LearnerContactsInput? Contacts { get; set; }
    public PlacementInput? Enrollment { get; set; }
}

public sealed class RegisterLearnerInputGraphType : InputObjectGraphType<RegisterLearnerInput>
{
    public RegisterLearnerInputGraphType()
    {
        Name = "RegisterLearnerInput";
        Field(x => x.FirstName);
        Field(x => x.ParentName, nullable: true).Description("Used in usernames and to tell namesakes apart.");
        Field(x => x.LastName);
        Field(x => x.BirthDate, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.Sex, type: typeof(NonNullGraphType<SexGraphType>));
        Field(x => x.MotherTongue).Description("ISO 639 code, e.g. sq, bs, tr, rom.");
        Field(x => x.LanguageOfInstruction).Description("ISO 639 code.");
        Field(x => x.Disability, type: typeof(DisabilityGraphType)).Description("Where collected; omit when not collected.");
        Field(x => x.Community, nullable: true).Description("Where collected.");
        Field(x => x.Displacement, type: typeof(DisplacementGraphType)).Description("Where collected.");
        Field(x => x.Contacts, type: typeof(LearnerContactsInputGraphType));
        Field(x => x.Enrollment, type: typeof(PlacementInputGraphType))
            .Description("Enrol at once (required unless you are a ministry admin): both happen or neither.");
    }
}

internal static class RegisterLearnerMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LearnerPayloadGraphType>>("registerLearner")
            .Argument<NonNullGraphType<RegisterLearnerInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RegisterLearnerInput>("input");
                var id = Guid.CreateVersion7();
                var contacts = input.Contacts is { } c ? new LearnerContacts(c.Email, c.Phone, c.GuardianName, c.GuardianEmail, c.GuardianPhone)
                    : LearnerContacts.None;
                var enrollment = input.Enrollment is { } e ? new InitialEnrollment(e.SchoolYear, e.SchoolId, e.Grade, e.Section) : null;
                var command = new RegisterLearner(id, input.FirstName, input.ParentName, input.LastName, input.BirthDate, input.Sex,
                    input.MotherTongue, input.LanguageOfInstruction, input.Disability, input.Community, input.Displacement, contacts, enrollment);
                return await LearnerMutation.RunAsync(context, command, id);
            });
}
