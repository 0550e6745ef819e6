using GraphQL.Types;

namespace Emis.Staffing.Staff.TransferStaffMember;

public sealed class TransferStaffMemberInput
{
    public Guid StaffId { get; set; }
    public Guid ContractId { get; set; }
    public Guid ToSchoolId { get; set; }
    public DateOnly TransferredOn { get; set; }
    public decimal? Fte { get; set; }
    public string? FteReason { get; set; }
    public long? ExpectedVersion { get; set; }
}

public sealed class TransferStaffMemberInputGraphType : InputObjectGraphType<TransferStaffMemberInput>
{
    public TransferStaffMemberInputGraphType()
    {
        Name = "TransferStaffMemberInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ContractId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The current contract at the school they leave.");
        Field(x => x.ToSchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.TransferredOn);
        Field(x => x.Fte, nullable: true).Description("FTE at the new school (default: as before).");
        Field(x => x.FteReason, nullable: true);
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class TransferStaffMemberMutation
{
    public static void Add(ObjectGraphType mutation) =>
        StaffMutation.Add<TransferStaffMemberInputGraphType, TransferStaffMemberInput>(mutation, "transferStaffMember",
            "Move a member of staff to another school: the contract at the old school ends, a new one starts on the same day.",
            (context, i) => StaffMutation.RunAsync(context, new TransferStaffMember(i.StaffId, i.ContractId, Guid.CreateVersion7(), i.ToSchoolId,
                i.TransferredOn, i.Fte, i.FteReason, i.ExpectedVersion), i.StaffId));
}
