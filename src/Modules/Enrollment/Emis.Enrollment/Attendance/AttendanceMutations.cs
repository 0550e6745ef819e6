using Emis.Enrollment.Attendance.CorrectAttendance;
using Emis.Enrollment.Attendance.RecordAttendance;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Attendance;

/// <summary>A class's attendance on one day, as it stands after the change.</summary>
public sealed record AttendanceDay(Guid SchoolId, string SchoolYear, int Grade, string Section, DateOnly Date, IReadOnlyList<AttendanceMark> Marks);

public sealed record AttendancePayload(AttendanceDay? Day, IReadOnlyList<UserError> Errors);

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

public sealed class AttendancePayloadGraphType : ObjectGraphType<AttendancePayload>
{
    public AttendancePayloadGraphType()
    {
        Name = "AttendancePayload";
        Field(x => x.Day, type: typeof(AttendanceDayGraphType));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

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

internal static class AttendanceMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AttendancePayloadGraphType>>("recordAttendance")
            .Description("Record one day's attendance of a whole class section in one go.")
            .Argument<NonNullGraphType<RecordAttendanceInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var i = context.GetArgument<RecordAttendanceInput>("input");
                var command = new RecordAttendance.RecordAttendance(i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date,
                    [.. i.Marks.Select(m => new AttendanceMark(m.LearnerId, m.Status))]);
                return await RunAsync(context, i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, command, null);
            });

        mutation.Field<NonNullGraphType<AttendancePayloadGraphType>>("correctAttendance")
            .Description("Change one learner's mark on a recorded day; the reason is kept with the change.")
            .Argument<NonNullGraphType<CorrectAttendanceInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var i = context.GetArgument<CorrectAttendanceInput>("input");
                var command = new CorrectAttendance.CorrectAttendance(i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, i.LearnerId, i.Status, i.Reason);
                return await RunAsync(context, i.SchoolId, i.SchoolYear, i.Grade, i.Section, i.Date, command, i.Reason);
            });
    }

    private static async Task<AttendancePayload> RunAsync(IResolveFieldContext context, Guid schoolId, string schoolYear, int grade, string section,
        DateOnly date, object command, string? reason)
    {
        var emis = context.EmisContext();
        var caller = emis.Caller;
        var services = context.RequestServices!;
        var school = await services.GetRequiredService<EnrollmentAccess>().SchoolAsync(caller, schoolId, context.CancellationToken);
        if (school is null) return new AttendancePayload(null, [LearnerMutation.UnknownSchool(schoolId, "schoolId")]);
        var cleaned = LearnerRules.CleanSection(section);
        var allowed = EnrollmentAccess.MayManage(caller, school)
            || (caller.Role == Roles.Teacher
                && string.Equals(school.Code, caller.SchoolCode?.Trim(), StringComparison.OrdinalIgnoreCase)
                && caller.Sections.Contains(new ClassSection(grade, cleaned)));
        if (!allowed) return new AttendancePayload(null, [LearnerMutation.Forbidden(caller, "section", "record attendance for this class")]);

        var outcome = await services.GetRequiredService<CommandDispatcher>().SendAsync(command, emis.CommandContext(reason), context.CancellationToken);
        if (!outcome.Succeeded) return new AttendancePayload(null, outcome.Errors);

        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
        var day = await session.Events.AggregateStreamAsync<ClassDay>(
            ClassDay.IdFor(caller.Jurisdiction, schoolId, schoolYear, grade, cleaned, date), token: context.CancellationToken);
        return new AttendancePayload(day is null ? null : new AttendanceDay(schoolId, schoolYear, grade, cleaned, date,
            [.. day.Marks.Select(m => new AttendanceMark(m.Key, m.Value)).OrderBy(m => m.LearnerId)]), []);
    }
}
