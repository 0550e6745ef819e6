using Emis.Enrollment.Learners.GettingLearners;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Attendance.CorrectAttendance;

public sealed class CorrectAttendanceInput
{
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
    public int Grade { get; set; }
    public string Section { get; set; } = "";
    public DateOnly Date { get; set; }
    public Guid LearnerId { get; set; }
    public AttendanceStatus Status { get; set; }
    public string Reason { get; set; } = "";
}

public sealed class CorrectAttendanceInputGraphType : InputObjectGraphType<CorrectAttendanceInput>
{
    public CorrectAttendanceInputGraphType()
    {
        Name = "CorrectAttendanceInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Date, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<AttendanceStatusGraphType>));
        Field(x => x.Reason).Description("Required: why the mark changes.");
    }
}

internal static class CorrectAttendanceMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<AttendancePayloadGraphType>>("correctAttendance")
            .Description("Change one learner's mark on a recorded day; the reason is kept with the change.")
            .Argument<NonNullGraphType<CorrectAttendanceInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var i = context.GetArgument<CorrectAttendanceInput>("input");
                var command = new CorrectAttendance(i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, i.LearnerId, i.Status, i.Reason);
                return await AttendanceMutation.RunAsync(context, command, i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, i.Reason);
            });
}
