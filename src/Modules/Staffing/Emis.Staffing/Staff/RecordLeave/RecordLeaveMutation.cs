using Emis.Staffing.Staff.GettingStaff;
using GraphQL.Types;

namespace Emis.Staffing.Staff.RecordLeave;

public sealed class RecordLeaveInput
{
    public Guid StaffId { get; set; }
    public Guid ContractId { get; set; }
    public LeaveKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
}

public sealed class RecordLeaveInputGraphType : InputObjectGraphType<RecordLeaveInput>
{
    public RecordLeaveInputGraphType()
    {
        Name = "RecordLeaveInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ContractId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(NonNullGraphType<LeaveKindGraphType>));
        Field(x => x.From);
        Field(x => x.To);
    }
}

internal static class RecordLeaveMutation
{
    public static void Add(ObjectGraphType mutation) => StaffMutation.Add<RecordLeaveInputGraphType, RecordLeaveInput>(mutation, "recordLeave",
        "Record leave from a contract, within its dates and overlapping no other leave.",
        (context, i) => StaffMutation.RunAsync(context, new RecordLeave(i.StaffId, Guid.CreateVersion7(), i.ContractId, i.Kind, i.From, i.To),
            i.StaffId));
}
