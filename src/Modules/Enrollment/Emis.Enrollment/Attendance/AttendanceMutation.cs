using Emis.Enrollment.Learners;
using Emis.Platform.GraphQL;
using GraphQL;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Attendance;

/// <summary>Every attendance mutation: the <see cref="MutationRunner"/>, then the class's day read back.</summary>
internal static class AttendanceMutation
{
    public static Task<AttendancePayload> RunAsync<TCommand>(IResolveFieldContext context, TCommand command, Guid schoolId, string schoolYear,
        int grade, string section, DateOnly date, string? reason) where TCommand : notnull =>
        MutationRunner.RunAsync(
            context, command, () => ReadBackAsync(context, schoolId, schoolYear, grade, LearnerRules.CleanSection(section), date), reason);

    private static async Task<AttendancePayload> ReadBackAsync(
        IResolveFieldContext context, Guid schoolId, string schoolYear, int grade, string section,
        DateOnly date)
    {
        var caller = context.Caller();
        await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
        var day = await session.Events.AggregateStreamAsync<ClassDay>(
            ClassDay.IdFor(caller.Jurisdiction, schoolId, schoolYear, grade, section, date), token: context.CancellationToken);
        return new AttendancePayload(day is null ? null : new AttendanceDay(schoolId, schoolYear, grade, section, date,
            [.. day.Marks.Select(m => new AttendanceMark(m.Key, m.Value)).OrderBy(m => m.LearnerId)]), []);
    }
}
