using Emis.Learning.Marks;
using Emis.Platform.Auth;
using Marten;
using Npgsql;

namespace Emis.Learning.Xapi;

/// <summary>A learner's progress in one course, from the statements about it that are not voided.</summary>
/// <param name="Started">A statement of launching, attempting, completing or passing.</param>
/// <param name="Completed">A statement of completing or passing, or a result saying completion.</param>
/// <param name="Passed">True after a passed statement, false after only failed ones, null without either.</param>
/// <param name="BestScaledScore">The highest scaled score (−1 to 1) of any statement, if any has one.</param>
public sealed record CourseProgressRow(string Course, string? CourseName, long Statements, bool Started, bool Completed, bool? Passed,
    decimal? BestScaledScore, DateTimeOffset LastActivityAt);

/// <summary>
/// A learner's courses in the caller's scope; <see cref="LearnerId"/> is null and <see cref="Pseudonym"/> stands for the learner
/// when the caller sees no personal data.
/// </summary>
public sealed record LearnerCourseProgress(Guid? LearnerId, string? Pseudonym, IReadOnlyList<CourseProgressRow> Courses);

/// <summary>
/// Reads a learner's course progress from <c>lrn_course_statements</c> (rows not voided), each statement visible where the learner
/// was when it arrived by <see cref="LearningAccess.MaySeePlacement"/>: their teachers, school, municipality, the ministry.
/// </summary>
public sealed class CourseProgressQueries(NpgsqlDataSource database, IDocumentStore store, Curriculum.Contracts.ICourseCatalogue courses)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<LearnerCourseProgress> ProgressAsync(Caller caller, Guid learnerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var statements = new List<(string Course, string Verb, bool? Success, bool? Completion, decimal? Scaled, DateTimeOffset At)>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select course, verb, success, completion, scaled, at, school_code, municipality, grade, section
            from {_schema}.lrn_course_statements where tenant_id = $1 and learner_id = $2 and to_seq is null
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caller.Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = learnerId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var grade = reader.IsDBNull(8) ? -1 : reader.GetInt32(8);
                if (!LearningAccess.MaySeePlacement(caller, reader.GetString(6), reader.GetString(7), grade, reader.GetString(9))) continue;
                statements.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }
        var names = statements.Count == 0
            ? []
            : (await courses.CoursesAsync(caller.Jurisdiction, ct)).ToDictionary(c => c.CourseIri, c => c.Name, StringComparer.Ordinal);
        var rows = statements.GroupBy(s => s.Course).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CourseProgressRow(
            g.Key, names.GetValueOrDefault(g.Key), g.Count(),
            g.Any(s => s.Verb is XapiVerbs.Launched or XapiVerbs.Attempted or XapiVerbs.Completed or XapiVerbs.Passed || s.Completion == true),
            g.Any(s => s.Verb is XapiVerbs.Completed or XapiVerbs.Passed || s.Completion == true),
            g.Any(s => s.Verb == XapiVerbs.Passed) ? true : g.Any(s => s.Verb == XapiVerbs.Failed) ? false : null,
            g.Max(s => s.Scaled), g.Max(s => s.At))).ToList();
        return LearningAccess.SeesLearner(caller)
            ? new LearnerCourseProgress(learnerId, null, rows)
            : new LearnerCourseProgress(null, LearnerRecords.Pseudonym(caller.Jurisdiction, learnerId), rows);
    }
}
