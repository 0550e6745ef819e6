using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Staff.StartContract;
using GraphQL.Types;

namespace Emis.Staffing.Staff.RegisterStaffMember;

public sealed class StaffContactsInput
{
    public string? Email { get; set; }
    public string? Phone { get; set; }

    public StaffContacts ToContacts() => new(Email, Phone);
}

public sealed class StaffContactsInputGraphType : InputObjectGraphType<StaffContactsInput>
{
    public StaffContactsInputGraphType()
    {
        Name = "StaffContactsInput";
        Field(x => x.Email, nullable: true);
        Field(x => x.Phone, nullable: true);
    }
}

public sealed class RegisterStaffMemberInput
{
    public string FirstName { get; set; } = "";
    public string? ParentName { get; set; }
    public string LastName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public StaffSex Sex { get; set; }
    public List<string>? TeachingLanguages { get; set; }
    public StaffContactsInput? Contacts { get; set; }
    public NewContractInput? Contract { get; set; }
}

public sealed class RegisterStaffMemberInputGraphType : InputObjectGraphType<RegisterStaffMemberInput>
{
    public RegisterStaffMemberInputGraphType()
    {
        Name = "RegisterStaffMemberInput";
        Field(x => x.FirstName).Description("Kept letter for letter (ë, ç, č, ć, đ, š, ž, ğ, ı, ş).");
        Field(x => x.ParentName, nullable: true);
        Field(x => x.LastName);
        Field(x => x.BirthDate);
        Field(x => x.Sex, type: typeof(NonNullGraphType<StaffSexGraphType>));
        Field(x => x.TeachingLanguages, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>))
            .Description("Languages they teach in, ISO 639 codes (sq, bs, hr, sr, tr).");
        Field(x => x.Contacts, type: typeof(StaffContactsInputGraphType));
        Field(x => x.Contract, type: typeof(NewContractInputGraphType))
            .Description("The first contract; required unless you are the ministry.");
    }
}

internal static class RegisterStaffMemberMutation
{
    public static void Add(ObjectGraphType mutation) =>
        StaffMutation.Add<RegisterStaffMemberInputGraphType, RegisterStaffMemberInput>(mutation, "registerStaffMember",
            "Register a teacher or other member of staff, with their first contract (both or neither).",
            (context, input) =>
            {
                var id = Guid.CreateVersion7();
                return StaffMutation.RunAsync(context, new RegisterStaffMember(id, input.FirstName, input.ParentName, input.LastName, input.BirthDate,
                    input.Sex, input.TeachingLanguages ?? [], input.Contacts?.ToContacts() ?? StaffContacts.None,
                    input.Contract?.ToContract(Guid.CreateVersion7())), id);
            });
}
