using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;
using Npgsql;

namespace Emis.Learning.Figures;

/// <summary>What mark figures are grouped by.</summary>
public enum MarkDimension
{
    Municipality,
    School,
    Level,
    Grade,
    Section,
    Sex,
    Subject,
}

/// <summary>Narrows mark figures.</summary>
public sealed record MarkFiguresFilter(string? Municipality = null, Guid? SchoolId = null, string? Level = null, int? Grade = null,
    string? Subject = null, string? Sex = null)
{
    public static readonly MarkFiguresFilter None = new();
}

/// <summary>One group's mark figures: the grouped dimensions' values (null for the others) and the figures.</summary>
/// <param name="Marks">Marks given in the group (of the term asked, FINAL by default).</param>
/// <param name="AverageMark">Sum of the numeric marks ÷ their number (descriptive marks have no value and are left out).</param>
/// <param name="PassRate">100 × passing marks ÷ marks.</param>
/// <param name="Learners">Learners with a mark in the group; null when the figures are grouped or filtered by subject.</param>
/// <param name="FailingOne">100 × learners failing exactly one subject ÷ learners.</param>
public sealed record MarkFiguresRow(
    string? Municipality, Guid? SchoolId, string? SchoolCode, string? Level, int? Grade, Guid? SectionId, string? Section, string? Sex,
    string? Subject, long Marks, Figure AverageMark, Figure PassRate, long? Learners, Figure FailingOne, Figure FailingTwo,
    Figure FailingThreeOrMore);

public sealed record MarkFiguresAnswer(string SchoolYear, string Term, DateTimeOffset? AsOf, long Sequence, IReadOnlyList<MarkFiguresRow> Rows);

/// <summary>
/// Mark figures as of an event sequence number N, from <c>lrn_marks</c> rows open at N, grouped in SQL. Ministry, analysts
/// and partners see the jurisdiction; a municipality officer their municipality; a school admin their school; a teacher the
/// sections they teach. Answers at one N never change, so callers in the same scope asking the same share one computation.
/// </summary>
public sealed class MarkFiguresQueries(NpgsqlDataSource database, IDocumentStore store, Platform.EventLog.EventLogPulse log)
{
    private const int MaxAnswers = 1_000;

    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<MarkFiguresAnswer>>> _answers = new();

    public static bool MaySee(Caller caller) => caller.Role is not Roles.Teacher;

    public async Task<MarkFiguresAnswer> FiguresAsync(Caller caller, string schoolYear, string term, IReadOnlyList<MarkDimension> groupBy,
        MarkFiguresFilter filter, DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var dimensions = groupBy.Distinct().Order().ToList();
        // Only an answer at a settled sequence is final (adr/0013): a transaction with a smaller number may still commit.
        if (sequence > await log.HeadAsync(ct)) return await ComputeAsync(caller, schoolYear, term, dimensions, filter, asOf, sequence, ct);
        var key = $"{caller.ScopeKey}|{schoolYear}|{term}|{string.Join(',', dimensions)}|{filter}|{asOf?.UtcTicks}|{sequence}";
        if (_answers.Count > MaxAnswers) _answers.Clear();
        var answer = _answers.GetOrAdd(key, _ => new Lazy<Task<MarkFiguresAnswer>>(
            () => ComputeAsync(caller, schoolYear, term, dimensions, filter, asOf, sequence, CancellationToken.None)));
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

    private async Task<MarkFiguresAnswer> ComputeAsync(Caller caller, string schoolYear, string term, IReadOnlyList<MarkDimension> groupBy,
        MarkFiguresFilter filter, DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        var dims = Columns(groupBy);
        var bySubject = groupBy.Contains(MarkDimension.Subject) || filter.Subject is not null;
        await using var command = new NpgsqlCommand();
        var scoped = new StringBuilder($"""
            select * from {_schema}.lrn_marks where tenant_id = ${Add(command, caller.Jurisdiction)} and school_year = ${Add(command, schoolYear)}
              and term = ${Add(command, term)} and from_seq <= ${Add(command, sequence)} and (to_seq is null or to_seq > ${command.Parameters.Count})
            """);
        Where(scoped, command, caller, filter);
        var select = dims.Length == 0 ? "" : string.Join(", ", dims) + ", ";
        var group = dims.Length == 0 ? "" : " group by " + string.Join(", ", dims);
        var join = dims.Length == 0 ? "true" : string.Join(" and ", dims.Select(d => $"g.{d} is not distinct from f.{d}"));
        // By subject, learners and their failing subjects are not figures (see Failing below): they are not computed either, which
        // spares a second grouping of every mark by learner.
        var failing = bySubject ? "" : $"""
            ,
            l as (select {select}count(*) as learners, count(*) filter (where failing = 1) as one, count(*) filter (where failing = 2) as two,
                         count(*) filter (where failing >= 3) as more
                  from (select learner_id, {select}count(*) filter (where not passing) as failing
                        from m group by learner_id{string.Concat(dims.Select(d => ", " + d))}) x{group})
            """;
        command.CommandText = $"""
            with m as ({scoped}),
            g as (select {select}count(*) as marks, count(value) as valued, coalesce(sum(value), 0) as total,
                         count(*) filter (where passing) as passed from m{group}){failing}
            select {string.Join("", dims.Select(d => $"g.{d}, "))}g.marks, g.valued, g.total, g.passed,
                   {(bySubject ? "null::bigint, null::bigint, null::bigint, null::bigint" : "f.learners, f.one, f.two, f.more")}
            from g{(bySubject ? "" : $" left join l f on {join}")}
            order by {(dims.Length == 0 ? "1" : string.Join(", ", dims.Select(d => "g." + d)))}
            """;
        await using var connection = await database.OpenConnectionAsync(ct);
        command.Connection = connection;
        var rows = new List<MarkFiguresRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = dims.Select((d, i) => (d, reader.IsDBNull(i) ? null : reader.GetValue(i))).ToDictionary(x => x.d, x => x.Item2);
            var at = dims.Length;
            long marks = reader.GetInt64(at), valued = reader.GetInt64(at + 1), passed = reader.GetInt64(at + 3);
            var total = reader.GetDecimal(at + 2);
            long learners = reader.IsDBNull(at + 4) ? 0 : reader.GetInt64(at + 4);
            Figure Failing(int i) => bySubject
                ? Figure.Undefined("failing subjects are counted per learner over all subjects, not by subject")
                : Figure.Ratio(reader.GetInt64(i), learners, "no learners", 100);
            rows.Add(new MarkFiguresRow(
                values.GetValueOrDefault("municipality") as string, values.GetValueOrDefault("school_id") as Guid?,
                values.GetValueOrDefault("school_code") as string, values.GetValueOrDefault("level") as string,
                values.GetValueOrDefault("grade") as int?, values.GetValueOrDefault("section_id") as Guid?,
                values.GetValueOrDefault("letter") as string,
                values.GetValueOrDefault("sex") as string, values.GetValueOrDefault("subject") as string, marks,
                Figure.Ratio(total, valued, marks == 0 ? "no marks" : "no numeric marks (a descriptive scale)"),
                Figure.Ratio(passed, marks, "no marks", 100), bySubject ? null : learners,
                Failing(at + 5), Failing(at + 6), Failing(at + 7)));
        }
        return new MarkFiguresAnswer(schoolYear, term, asOf, sequence, rows);
    }

    private static string[] Columns(IReadOnlyList<MarkDimension> groupBy) => [.. groupBy.SelectMany(d => d switch
    {
        MarkDimension.Municipality => new[] { "municipality" },
        MarkDimension.School => ["school_id", "school_code", "municipality"],
        MarkDimension.Level => ["level"],
        MarkDimension.Grade => ["grade"],
        MarkDimension.Section => ["section_id", "school_id", "school_code", "municipality", "grade", "letter"],
        MarkDimension.Sex => ["sex"],
        MarkDimension.Subject => ["subject"],
        _ => [],
    }).Distinct()];

    private static void Where(StringBuilder sql, NpgsqlCommand command, Caller caller, MarkFiguresFilter filter)
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
                throw new UnauthorizedAccessException("Mark figures are not for teachers.");
        }
        if (filter.Municipality is { } m) sql.Append($" and municipality = ${Add(command, m)}");
        if (filter.SchoolId is { } s) sql.Append($" and school_id = ${Add(command, s)}");
        if (filter.Level is { } l) sql.Append($" and level = ${Add(command, l.Trim().ToUpperInvariant())}");
        if (filter.Grade is { } g) sql.Append($" and grade = ${Add(command, g)}");
        if (filter.Subject is { } subject) sql.Append($" and subject = ${Add(command, subject.Trim().ToUpperInvariant())}");
        if (filter.Sex is { } x) sql.Append($" and sex = ${Add(command, x)}");
    }

    private static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }
}
