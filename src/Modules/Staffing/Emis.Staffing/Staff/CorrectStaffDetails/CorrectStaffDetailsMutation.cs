using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Staff.RegisterStaffMember;
using GraphQL.Types;

namespace Emis.Staffing.Staff.CorrectStaffDetails;

public sealed class CorrectStaffDetailsInput
{
    public Guid StaffId { get; set; }
    public string FirstName { get; set; } = "";
    public string? ParentName { get; set; }
    public string LastName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public StaffSex Sex { get; set; }
    public List<string>? TeachingLanguages { get; set; }
    public StaffContactsInput? Contacts { get; set; }
    public string Reason { get; set; } = "";
    public long? ExpectedVersion { get; set; }
}

public sealed class CorrectStaffDetailsInputGraphType : InputObjectGraphType<CorrectStaffDetailsInput>
{
    public CorrectStaffDetailsInputGraphType()
    {
        Name = "CorrectStaffDetailsInput";
        Description = "The details as they should be (all of them), and why they were wrong.";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.FirstName);
        Field(x => x.ParentName, nullable: true);
        Field(x => x.LastName);
        Field(x => x.BirthDate);
        Field(x => x.Sex, type: typeof(NonNullGraphType<StaffSexGraphType>));
        Field(x => x.TeachingLanguages, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>));
        Field(x => x.Contacts, type: typeof(StaffContactsInputGraphType));
        Field(x => x.Reason);
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class CorrectStaffDetailsMutation
{
    public static void Add(ObjectGraphType mutation) =>
        StaffMutation.Add<CorrectStaffDetailsInputGraphType, CorrectStaffDetailsInput>(mutation, "correctStaffDetails",
            "Correct a member of staff's registered details with a reason (kept in the history).",
            (context, input) => StaffMutation.RunAsync(context, new CorrectStaffDetails(input.StaffId, input.FirstName, input.ParentName,
                input.LastName, input.BirthDate, input.Sex, input.TeachingLanguages ?? [], input.Contacts?.ToContacts() ?? StaffContacts.None,
                input.Reason, input.ExpectedVersion), input.StaffId, input.Reason));
}
