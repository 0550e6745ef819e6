using Emis.Enrollment.Learners.GettingLearners;
using GraphQL.Types;

namespace Emis.Enrollment.Attendance;

/// <summary>A class's attendance on one day, as it stands after the change.</summary>
public sealed record AttendanceDay(Guid SchoolId, string SchoolYear, int Grade, string Section, DateOnly Date, IReadOnlyList<AttendanceMark> Marks);

public sealed class AttendanceMarkGraphType : ObjectGraphType<AttendanceMark>
{
    public AttendanceMarkGraphType()
    {
        Name = "AttendanceMark";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<AttendanceStatusGraphType>));
    }
}

public sealed class AttendanceDayGraphType : ObjectGraphType<AttendanceDay>
{
    public AttendanceDayGraphType()
    {
        Name = "AttendanceDay";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Date, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(x => x.Marks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AttendanceMarkGraphType>>>));
    }
}
