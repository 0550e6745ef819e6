using Emis.Staffing.Staff.GettingStaff;
using GraphQL.Types;

namespace Emis.Staffing.Staff.EndContract;

public sealed class EndContractInput
{
    public Guid StaffId { get; set; }
    public Guid ContractId { get; set; }
    public DateOnly EndedOn { get; set; }
    public ContractEnd Reason { get; set; }
    public long? ExpectedVersion { get; set; }
}

public sealed class EndContractInputGraphType : InputObjectGraphType<EndContractInput>
{
    public EndContractInputGraphType()
    {
        Name = "EndContractInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ContractId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.EndedOn);
        Field(x => x.Reason, type: typeof(NonNullGraphType<ContractEndGraphType>)).Description("Not TRANSFER: use transferStaffMember.");
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class EndContractMutation
{
    public static void Add(ObjectGraphType mutation) => StaffMutation.Add<EndContractInputGraphType, EndContractInput>(mutation, "endContract",
        "End a contract (expiry, retirement, resignation, dismissal, death); its teaching assignments end with it.",
        (context, i) => StaffMutation.RunAsync(context, new EndContract(i.StaffId, i.ContractId, i.EndedOn, i.Reason, i.ExpectedVersion), i.StaffId));
}
