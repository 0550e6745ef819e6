using Emis.Enrollment.Learners.GettingLearners;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Attendance.RecordAttendance;

public sealed class AttendanceMarkInput
{
    public Guid LearnerId { get; set; }
    public AttendanceStatus Status { get; set; }
}

public sealed class AttendanceMarkInputGraphType : InputObjectGraphType<AttendanceMarkInput>
{
    public AttendanceMarkInputGraphType()
    {
        Name = "AttendanceMarkInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<AttendanceStatusGraphType>));
    }
}

public sealed class RecordAttendanceInput
{
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
    public int Grade { get; set; }
    public string Section { get; set; } = "";
    public DateOnly Date { get; set; }
    public List<AttendanceMarkInput> Marks { get; set; } = [];
}

public sealed class RecordAttendanceInputGraphType : InputObjectGraphType<RecordAttendanceInput>
{
    public RecordAttendanceInputGraphType()
    {
        Name = "RecordAttendanceInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Date, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.Marks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AttendanceMarkInputGraphType>>>))
            .Description("One mark for every learner of the class.");
    }
}

internal static class RecordAttendanceMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<AttendancePayloadGraphType>>("recordAttendance")
            .Description("Record one day's attendance of a whole class section in one go.")
            .Argument<NonNullGraphType<RecordAttendanceInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var i = context.GetArgument<RecordAttendanceInput>("input");
                var command = new RecordAttendance(i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date,
                    [.. i.Marks.Select(m => new AttendanceMark(m.LearnerId, m.Status))]);
                return await AttendanceMutation.RunAsync(context, command, i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, null);
            });
}
