using System.Collections.Concurrent;
using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;
using Npgsql;

namespace Emis.Learning.Xapi;

/// <summary>What course figures are grouped by.</summary>
public enum CourseDimension
{
    Municipality,
    School,
    Grade,
    Section,
    Sex,
    Course,
    ContentCategory,
}

/// <summary>Narrows course figures.</summary>
public sealed record CourseFiguresFilter(string? Municipality = null, Guid? SchoolId = null, int? Grade = null, string? Sex = null,
    string? Course = null, string? ContentCategory = null)
{
    public static readonly CourseFiguresFilter None = new();
}

/// <summary>
/// One group's course figures: the grouped dimensions' values (null for the others; <c>NONE</c> for learners not in class
/// and statements without a content category) and the figures.
/// </summary>
/// <param name="Learners">Learners with a statement in the group.</param>
/// <param name="CompletionRate">100 × learners who completed or passed ÷ learners who started (launched or attempted, or finished).</param>
/// <param name="QuizAttempts">Statements of attempts and answers (verbs attempted, answered).</param>
/// <param name="AttemptsPerLearner">Quiz attempts ÷ learners with a statement.</param>
/// <param name="PercentCorrect">100 × answers with success true ÷ answers with a success value.</param>
/// <param name="AverageScaledScore">Sum of scaled scores ÷ statements with one (−1 to 1).</param>
public sealed record CourseFiguresRow(
    string? Municipality, Guid? SchoolId, string? SchoolCode, int? Grade, string? Section, string? Sex, string? Course, string? CourseName,
    string? ContentCategory, long Statements, long Learners, Figure CompletionRate, long QuizAttempts, Figure AttemptsPerLearner,
    Figure PercentCorrect, Figure AverageScaledScore);

public sealed record CourseFiguresAnswer(DateTimeOffset? AsOf, long Sequence, IReadOnlyList<CourseFiguresRow> Rows);

/// <summary>
/// Course figures as of an event sequence number N, from <c>lrn_course_statements</c> rows open at N, grouped in SQL. Ministry,
/// analysts and partners see the jurisdiction (learners not in class too); a municipality officer their municipality; a school
/// admin their school; a teacher the sections they teach. Answers at one N never change, so callers in the same scope asking the
/// same share one computation.
/// </summary>
public sealed class CourseFiguresQueries(NpgsqlDataSource database, IDocumentStore store, Curriculum.Contracts.ICourseCatalogue courses)
{
    private const int MaxAnswers = 1_000;

    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly ConcurrentDictionary<string, Lazy<Task<CourseFiguresAnswer>>> _answers = new();

    public static bool MaySee(Caller caller) => caller.Role is not Roles.Teacher || caller.Sections.Count > 0;

    public async Task<CourseFiguresAnswer> FiguresAsync(Caller caller, IReadOnlyList<CourseDimension> groupBy, CourseFiguresFilter filter,
        DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var dimensions = groupBy.Distinct().Order().ToList();
        var key = $"{caller.ScopeKey}|{string.Join(',', dimensions)}|{filter}|{asOf?.UtcTicks}|{sequence}";
        if (_answers.Count > MaxAnswers) _answers.Clear();
        var answer = _answers.GetOrAdd(key, _ => new Lazy<Task<CourseFiguresAnswer>>(
            () => ComputeAsync(caller, dimensions, filter, asOf, sequence, CancellationToken.None)));
        try
        {
            return await answer.Value.WaitAsync(ct);
        }
        catch when (answer.Value.IsFaulted)
        {
            _answers.TryRemove(key, out _);
            throw;
        }
    }

    private async Task<CourseFiguresAnswer> ComputeAsync(Caller caller, IReadOnlyList<CourseDimension> groupBy, CourseFiguresFilter filter,
        DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        var dims = Columns(groupBy);
        await using var command = new NpgsqlCommand();
        var scoped = new StringBuilder($"""
            select * from {_schema}.lrn_course_statements where tenant_id = ${Add(command, caller.Jurisdiction)}
              and from_seq <= ${Add(command, sequence)} and (to_seq is null or to_seq > ${command.Parameters.Count})
            """);
        Where(scoped, command, caller, filter);
        var select = dims.Length == 0 ? "" : string.Join(", ", dims) + ", ";
        var group = dims.Length == 0 ? "" : " group by " + string.Join(", ", dims);
        var startedWhen = $"verb in ('{XapiVerbs.Launched}', '{XapiVerbs.Attempted}', '{XapiVerbs.Completed}', '{XapiVerbs.Passed}') or completion";
        var finishedWhen = $"verb in ('{XapiVerbs.Completed}', '{XapiVerbs.Passed}') or completion";
        command.CommandText = $"""
            with s as ({scoped})
            select {select}count(*) as statements, count(distinct learner_id) as learners,
                   count(distinct learner_id) filter (where {startedWhen}) as started,
                   count(distinct learner_id) filter (where {finishedWhen}) as finished,
                   count(*) filter (where verb in ('{XapiVerbs.Attempted}', '{XapiVerbs.Answered}')) as attempts,
                   count(*) filter (where verb = '{XapiVerbs.Answered}' and success is not null) as answered,
                   count(*) filter (where verb = '{XapiVerbs.Answered}' and success) as correct,
                   count(scaled) as scored, coalesce(sum(scaled), 0) as scaled
            from s{group}
            order by {(dims.Length == 0 ? "1" : string.Join(", ", dims))}
            """;
        var names = groupBy.Contains(CourseDimension.Course)
            ? (await courses.CoursesAsync(caller.Jurisdiction, ct)).ToDictionary(c => c.CourseIri, c => c.Name, StringComparer.Ordinal)
            : [];
        await using var connection = await database.OpenConnectionAsync(ct);
        command.Connection = connection;
        var rows = new List<CourseFiguresRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = dims.Select((d, i) => (d, reader.IsDBNull(i) ? null : reader.GetValue(i))).ToDictionary(x => x.d, x => x.Item2);
            var at = dims.Length;
            long statements = reader.GetInt64(at), learners = reader.GetInt64(at + 1), started = reader.GetInt64(at + 2),
                finished = reader.GetInt64(at + 3), attempts = reader.GetInt64(at + 4), answered = reader.GetInt64(at + 5),
                correct = reader.GetInt64(at + 6), scored = reader.GetInt64(at + 7);
            var scaled = reader.GetDecimal(at + 8);
            var course = values.GetValueOrDefault("course") as string;
            rows.Add(new CourseFiguresRow(
                values.GetValueOrDefault("municipality") as string, values.GetValueOrDefault("school_id") as Guid?,
                values.GetValueOrDefault("school_code") as string, values.GetValueOrDefault("grade") as int?,
                values.GetValueOrDefault("section") as string, values.GetValueOrDefault("sex") as string, course,
                course is null ? null : names.GetValueOrDefault(course), values.GetValueOrDefault("category") as string, statements, learners,
                Figure.Ratio(finished, started, "no learner started a course here", 100), attempts,
                Figure.Ratio(attempts, learners, "no learners"),
                Figure.Ratio(correct, answered, "no answered question says whether it was right (result.success)", 100),
                Figure.Ratio(scaled, scored, "no statement has a scaled score")));
        }
        return new CourseFiguresAnswer(asOf, sequence, rows);
    }

    private static string[] Columns(IReadOnlyList<CourseDimension> groupBy) => [.. groupBy.SelectMany(d => d switch
    {
        CourseDimension.Municipality => new[] { "municipality" },
        CourseDimension.School => ["school_id", "school_code", "municipality"],
        CourseDimension.Grade => ["grade"],
        CourseDimension.Section => ["school_id", "school_code", "municipality", "grade", "section"],
        CourseDimension.Sex => ["sex"],
        CourseDimension.Course => ["course"],
        CourseDimension.ContentCategory => ["category"],
        _ => [],
    }).Distinct()];

    private static void Where(StringBuilder sql, NpgsqlCommand command, Caller caller, CourseFiguresFilter filter)
    {
        switch (caller.Role)
        {
            case Roles.MunicipalityOfficer:
                sql.Append($" and municipality = ${Add(command, caller.Municipality!)}");
                break;
            case Roles.SchoolAdmin:
                sql.Append($" and school_code = ${Add(command, caller.NormalisedSchoolCode!)}");
                break;
            case Roles.Teacher:
                sql.Append($" and school_code = ${Add(command, caller.NormalisedSchoolCode!)} and (grade::text || ':' || upper(section)) = " +
                    $"any(${Add(command, caller.Sections.Select(s => s.ToString().ToUpperInvariant()).ToArray())})");
                break;
        }
        if (filter.Municipality is { } m) sql.Append($" and municipality = ${Add(command, m)}");
        if (filter.SchoolId is { } s) sql.Append($" and school_id = ${Add(command, s)}");
        if (filter.Grade is { } g) sql.Append($" and grade = ${Add(command, g)}");
        if (filter.Sex is { } x) sql.Append($" and sex = ${Add(command, x.Trim().ToUpperInvariant())}");
        if (filter.Course is { } c) sql.Append($" and course = ${Add(command, c.Trim())}");
        if (filter.ContentCategory is { } k) sql.Append($" and category = ${Add(command, k.Trim().ToUpperInvariant())}");
    }

    private static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }
}
