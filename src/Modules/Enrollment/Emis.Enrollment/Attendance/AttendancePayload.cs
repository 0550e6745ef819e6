using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Attendance;

/// <summary>The result of an attendance mutation: the class's day as it stands after the change, or what was wrong.</summary>
public sealed record AttendancePayload(AttendanceDay? Day, IReadOnlyList<UserError> Errors) : IMutationPayload<AttendancePayload>
{
    public static AttendancePayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class AttendancePayloadGraphType : ObjectGraphType<AttendancePayload>
{
    public AttendancePayloadGraphType()
    {
        Name = "AttendancePayload";
        Field(x => x.Day, type: typeof(AttendanceDayGraphType));
        this.ErrorsField();
    }
}
