using GraphQL.Types;

namespace Emis.Staffing.Staff.EndTeachingAssignment;

public sealed class EndTeachingAssignmentInput
{
    public Guid StaffId { get; set; }
    public Guid AssignmentId { get; set; }
}

public sealed class EndTeachingAssignmentInputGraphType : InputObjectGraphType<EndTeachingAssignmentInput>
{
    public EndTeachingAssignmentInputGraphType()
    {
        Name = "EndTeachingAssignmentInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.AssignmentId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

internal static class EndTeachingAssignmentMutation
{
    public static void Add(ObjectGraphType mutation) =>
        StaffMutation.Add<EndTeachingAssignmentInputGraphType, EndTeachingAssignmentInput>(mutation, "endTeachingAssignment",
            "End a teaching assignment. The teacher at once no longer sees that section.",
            (context, i) => StaffMutation.RunAsync(context, new EndTeachingAssignment(i.StaffId, i.AssignmentId), i.StaffId));
}
