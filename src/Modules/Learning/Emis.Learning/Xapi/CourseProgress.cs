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
/// Reads a learner's course progress from <c>lrn_course_statements</c> (rows not voided), each statement visible by where the
/// learner was when it arrived: by <see cref="LearningAccess.MaySeeRecordRow"/> of that class section (its teachers, the
/// school, the municipality, the ministry); without a section entity for the class, by the school's scope (not teachers);
/// for a learner in no class, by the ministry's.
/// </summary>
public sealed class CourseProgressQueries(NpgsqlDataSource database, IDocumentStore store, Curriculum.Contracts.ICourseCatalogue courses,
    Curriculum.Contracts.ISectionCatalogue sections)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<LearnerCourseProgress> ProgressAsync(Caller caller, Guid learnerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var rows = new List<(string Course, string Verb, bool? Success, bool? Completion, decimal? Scaled, DateTimeOffset At, Place Where)>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select course, verb, success, completion, scaled, at, school_id, school_code, municipality, school_year, grade, section
            from {_schema}.lrn_course_statements where tenant_id = $1 and learner_id = $2 and to_seq is null
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caller.Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = learnerId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var where = new Place(reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetString(7), reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.GetString(11));
                rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    reader.GetFieldValue<DateTimeOffset>(5), where));
            }
        }
        // A learner's statements come from a few classes: each is asked about once.
        var visible = new Dictionary<Place, bool>();
        foreach (var place in rows.Select(r => r.Where).Distinct()) visible[place] = await MaySeeAsync(caller, place, ct);
        var statements = rows.Where(r => visible[r.Where]).ToList();
        var names = statements.Count == 0
            ? []
            : (await courses.CoursesAsync(caller.Jurisdiction, ct)).ToDictionary(c => c.CourseIri, c => c.Name, StringComparer.Ordinal);
        var progress = statements.GroupBy(s => s.Course).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CourseProgressRow(
            g.Key, names.GetValueOrDefault(g.Key), g.Count(),
            g.Any(s => s.Verb is XapiVerbs.Launched or XapiVerbs.Attempted or XapiVerbs.Completed or XapiVerbs.Passed || s.Completion == true),
            g.Any(s => s.Verb is XapiVerbs.Completed or XapiVerbs.Passed || s.Completion == true),
            g.Any(s => s.Verb == XapiVerbs.Passed) ? true : g.Any(s => s.Verb == XapiVerbs.Failed) ? false : null,
            g.Max(s => s.Scaled), g.Max(s => s.At))).ToList();
        return LearningAccess.SeesLearner(caller)
            ? new LearnerCourseProgress(learnerId, null, progress)
            : new LearnerCourseProgress(null, LearnerRecords.Pseudonym(caller.Jurisdiction, learnerId), progress);
    }

    /// <summary>Where a learner was when statements arrived: their class, or nowhere (NONE).</summary>
    private sealed record Place(Guid? SchoolId, string SchoolCode, string Municipality, string? SchoolYear, int? Grade, string Section);

    private async Task<bool> MaySeeAsync(Caller caller, Place place, CancellationToken ct)
    {
        if (place is { SchoolId: { } school, SchoolYear: { } year, Grade: { } grade }
            && await sections.SectionOfAsync(caller.Jurisdiction, school, year, grade, place.Section, ct) is { } section)
        {
            return LearningAccess.MaySeeRecordRow(caller, section);
        }
        // No section entity for the class (never opened or linked), or no class at all: the school's scope, or the ministry's.
        return caller.Role != Roles.Teacher && (caller.SeesPersonalData
            ? caller.CanSeeSchool(place.Municipality, place.SchoolCode)
            : caller.Role == Roles.MinistryAnalyst);
    }
}
