using GraphQL.Types;

namespace Emis.Staffing.Staff.AssignTeaching;

public sealed class AssignTeachingInput
{
    public Guid StaffId { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
    public int Grade { get; set; }
    public string Section { get; set; } = "";
    public string Subject { get; set; } = "";
    public decimal WeeklyHours { get; set; }
    public bool? Homeroom { get; set; }
}

public sealed class AssignTeachingInputGraphType : InputObjectGraphType<AssignTeachingInput>
{
    public AssignTeachingInputGraphType()
    {
        Name = "AssignTeachingInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Subject);
        Field(x => x.WeeklyHours);
        Field(x => x.Homeroom, nullable: true).Description("Also the section's homeroom teacher (one per section).");
    }
}

internal static class AssignTeachingMutation
{
    public static void Add(ObjectGraphType mutation) =>
        StaffMutation.Add<AssignTeachingInputGraphType, AssignTeachingInput>(mutation, "assignTeaching",
            "Assign a teacher a subject in a class section for a school year. The teacher at once may see and record that section.",
            (context, i) => StaffMutation.RunAsync(context, new AssignTeaching(i.StaffId, Guid.CreateVersion7(), i.SchoolId, i.SchoolYear, i.Grade,
                i.Section, i.Subject, i.WeeklyHours, i.Homeroom ?? false), i.StaffId));
}
