using Emis.Staffing.Staff.GettingStaff;
using GraphQL.Types;

namespace Emis.Staffing.Staff.StartContract;

public sealed class NewContractInput
{
    public Guid SchoolId { get; set; }
    public StaffRole Role { get; set; }
    public EducationLevel Level { get; set; }
    public ContractType Type { get; set; }
    public decimal Fte { get; set; } = 1m;
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? FteReason { get; set; }

    public NewContract ToContract(Guid contractId) => new(contractId, SchoolId, Role, Level, Type, Fte, StartsOn, EndsOn, FteReason);
}

public sealed class NewContractInputGraphType : InputObjectGraphType<NewContractInput>
{
    public NewContractInputGraphType()
    {
        Name = "NewContractInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Role, type: typeof(NonNullGraphType<StaffRoleGraphType>));
        Field(x => x.Level, type: typeof(NonNullGraphType<EducationLevelGraphType>)).Description("The ISCED level the member of staff works at.");
        Field(x => x.Type, type: typeof(NonNullGraphType<ContractTypeGraphType>));
        Field(x => x.Fte).Description("Full-time equivalent, more than 0 and at most 1.");
        Field(x => x.StartsOn);
        Field(x => x.EndsOn, nullable: true).Description("Required for a fixed-term contract.");
        Field(x => x.FteReason, nullable: true).Description("Required when the member of staff would work more than 1 FTE across schools.");
    }
}

public sealed class StartContractInput
{
    public Guid StaffId { get; set; }
    public NewContractInput Contract { get; set; } = new();
    public long? ExpectedVersion { get; set; }
}

public sealed class StartContractInputGraphType : InputObjectGraphType<StartContractInput>
{
    public StartContractInputGraphType()
    {
        Name = "StartContractInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Contract, type: typeof(NonNullGraphType<NewContractInputGraphType>));
        Field(x => x.ExpectedVersion, nullable: true);
    }
}

internal static class StartContractMutation
{
    public static void Add(ObjectGraphType mutation) => StaffMutation.Add<StartContractInputGraphType, StartContractInput>(mutation, "startContract",
        "Employ a member of staff at a school (one current contract per school; over 1 FTE across schools needs a reason).",
        (context, input) => StaffMutation.RunAsync(context,
            new StartContract(input.StaffId, input.Contract.ToContract(Guid.CreateVersion7()), input.ExpectedVersion), input.StaffId));
}
