using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;
using Npgsql;

namespace Emis.Enrollment.Statistics;

/// <summary>What enrolment and attendance figures can be grouped by.</summary>
public enum StatisticsDimension
{
    Municipality,
    School,
    Grade,
    Section,
    Sex,
    Disability,
    Community,
    Displacement,
    Language,

    /// <summary>Attendance only: one row per day.</summary>
    Day,
}

/// <summary>Narrows figures to part of the jurisdiction or of the learners. Categorical values are CONSTANT_CASE.</summary>
public sealed record StatisticsFilter(
    string? Municipality = null,
    Guid? SchoolId = null,
    int? Grade = null,
    string? Section = null,
    string? Sex = null,
    string? Disability = null,
    string? Community = null,
    string? Displacement = null,
    string? Language = null)
{
    public static readonly StatisticsFilter None = new();
}

/// <summary>One row of figures: the values of the grouped dimensions (null for the others) and the figures.</summary>
public sealed record StatisticsRow(
    string? Municipality,
    Guid? SchoolId,
    string? SchoolCode,
    int? Grade,
    string? Section,
    string? Sex,
    string? Disability,
    string? Community,
    string? Displacement,
    string? Language,
    DateOnly? Day,
    long Count,
    long Present = 0,
    long Absent = 0,
    long Excused = 0,
    long Remote = 0)
{
    /// <summary>Identifies the row's cell, whatever its figures.</summary>
    public string Key => $"{Municipality}|{SchoolId}|{Grade}|{Section}|{Sex}|{Disability}|{Community}|{Displacement}|{Language}|{Day}";

    /// <summary>Share of marks that were attendance (present or remote), 0 when nothing was recorded.</summary>
    public double Rate => Count == 0 ? 0 : Math.Round((double)(Present + Remote) / Count, 4);
}

/// <summary>
/// Figures with what they describe: <see cref="AsOf"/> the instant asked for (null unless asked), and
/// <see cref="Sequence"/> the event sequence number they were computed at: asking again with that number as
/// <c>asOfSequence</c> gives exactly the same rows, however many events arrived since (adr/0013).
/// </summary>
public sealed record Statistics(string SchoolYear, DateTimeOffset? AsOf, IReadOnlyList<StatisticsRow> Rows)
{
    public long Total => Rows.Sum(r => r.Count);

    /// <summary>The greatest sequence number of the jurisdiction the figures include (0 before its first event).</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// Which state of the figures a question asks about: live (nothing set), as of an instant of event time, or as of an
/// event sequence number (from the question itself, or resolved from elsewhere, such as a named checkpoint).
/// </summary>
public sealed record FiguresAt(DateTimeOffset? Instant = null, long? Sequence = null)
{
    public static readonly FiguresAt Live = new();

    public static FiguresAt AsOf(DateTimeOffset? instant) => new(instant);

    public static FiguresAt AsOfSequence(long sequence) => new(Sequence: sequence);

    public override string ToString() => $"{Instant?.UtcTicks}@{Sequence}";
}

/// <summary>A sequence number asked for that is not (yet) certain to be complete: see <see cref="StatisticsQueries"/>.</summary>
public sealed class SequenceNotSettledException(long sequence, long head)
    : Exception($"Sequence {sequence} is not settled yet (every event up to {head} is): events numbered up to {sequence} may still be committing, " +
        $"or do not exist yet.")
{
    public long Sequence { get; } = sequence;
}

/// <summary>
/// Enrolment and attendance figures, always inside the caller's scope: a municipality officer's figures cover their
/// municipality, a school admin's their school, a teacher's their sections. Live figures come from the running
/// counts; figures "as of" an instant or a sequence number from the enrolment and attendance intervals, which carry the
/// events' time and sequence numbers. Every answer reads its figures and its <see cref="Statistics.Sequence"/> in one
/// snapshot (a repeatable-read transaction), so the number describes exactly the rows.
/// </summary>
public sealed class StatisticsQueries(NpgsqlDataSource database, IDocumentStore store, SharedAnswers<Statistics> shared, EventLogPulse log)
{
    /// <summary>How long a question as of a sequence number waits for that number to settle (commits in flight).</summary>
    public static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3);

    private readonly string _schema = store.Options.DatabaseSchemaName;

    /// <summary>Enrolment figures, shared between callers asking the same question in the same scope.</summary>
    public Task<Statistics> EnrollmentAsync(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter,
        string schoolYear, DateTimeOffset? asOf, CancellationToken ct) =>
        EnrollmentAsync(caller, groupBy, filter, schoolYear, FiguresAt.AsOf(asOf), ct);

    /// <summary>Enrolment figures live, as of an instant or as of a sequence number.</summary>
    public async Task<Statistics> EnrollmentAsync(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter,
        string schoolYear, FiguresAt at, CancellationToken ct)
    {
        // Figures as of a settled sequence number never change: they are shared for as long as the node keeps them.
        // Even figures as of a past instant are shared only like live ones: a transaction appended before that instant
        // may still be committing (adr/0007), so they are never kept beyond a change.
        var settled = at.Sequence is { } sequence && await SettleAsync(sequence, ct);
        var question = string.Join('|', "enrollment", schoolYear, string.Join(',', groupBy.Distinct().Order()), filter, at);
        return await shared.GetAsync(caller, question, settled,
            () => ComputeEnrollmentAsync(caller, groupBy, filter, schoolYear, at, CancellationToken.None), ct);
    }

    /// <summary>
    /// Waits (a little) until every event numbered up to <paramref name="sequence"/> is committed or will never be:
    /// only then is a figure as of that number final. Throws <see cref="SequenceNotSettledException"/> otherwise.
    /// </summary>
    private async Task<bool> SettleAsync(long sequence, CancellationToken ct)
    {
        if (sequence < 0) throw new ArgumentOutOfRangeException(nameof(sequence), "A sequence number is 0 or more.");
        var head = await log.HeadAsync(ct);
        if (head >= sequence) return true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(SettleWait);
        try
        {
            await log.WaitBeyondAsync(sequence - 1, wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SequenceNotSettledException(sequence, await log.HeadAsync(ct));
        }
    }

    private async Task<Statistics> ComputeEnrollmentAsync(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter,
        string schoolYear, FiguresAt at, CancellationToken ct)
    {
        var dims = Columns(groupBy.Where(d => d != StatisticsDimension.Day));
        await using var command = new NpgsqlCommand();
        StringBuilder sql;
        if (at.Sequence is { } n)
        {
            sql = Select(command, dims, "count(*)::bigint", "enr_spells", caller, schoolYear);
            sql.Append($" and from_seq <= ${Add(command, n)} and (to_seq is null or to_seq > ${command.Parameters.Count})");
        }
        else if (at.Instant is { } instant)
        {
            sql = Select(command, dims, "count(*)::bigint", "enr_spells", caller, schoolYear);
            sql.Append($" and valid_from <= ${Add(command, instant.ToUniversalTime())} and (valid_to is null or valid_to > " +
                $"${command.Parameters.Count})");
        }
        else
        {
            // The school-level rollup answers whenever the question needs nothing finer than school, grade and sex.
            sql = Select(command, dims, "sum(count)::bigint", Rollup.Answers(caller, groupBy, filter) ? "enr_counts_school" : "enr_counts", caller,
                schoolYear);
            sql.Append(" and count > 0");
        }
        var (rows, sequence) = await InSnapshotAsync(caller, at, sql, command, filter, dims, (_, row) => row, ct);
        return new Statistics(schoolYear, at.Instant, rows) { Sequence = sequence };
    }

    public Task<Statistics> AttendanceAsync(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter,
        string schoolYear, DateOnly? from, DateOnly? to, DateTimeOffset? asOf, CancellationToken ct) =>
        AttendanceAsync(caller, groupBy, filter, schoolYear, from, to, FiguresAt.AsOf(asOf), ct);

    public async Task<Statistics> AttendanceAsync(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter,
        string schoolYear, DateOnly? from, DateOnly? to, FiguresAt at, CancellationToken ct)
    {
        if (at.Sequence is { } sequence) await SettleAsync(sequence, ct);
        var dims = Columns(groupBy);
        await using var command = new NpgsqlCommand();
        var sql = Select(command, dims, """
            count(*)::bigint,
            count(*) filter (where status = 'PRESENT')::bigint, count(*) filter (where status = 'ABSENT')::bigint,
            count(*) filter (where status = 'EXCUSED')::bigint, count(*) filter (where status = 'REMOTE')::bigint
            """, "att_marks", caller, schoolYear);
        if (at.Sequence is { } n)
        {
            sql.Append($" and from_seq <= ${Add(command, n)} and (to_seq is null or to_seq > ${command.Parameters.Count})");
        }
        else if (at.Instant is { } instant)
        {
            sql.Append($" and valid_from <= ${Add(command, instant.ToUniversalTime())} and (valid_to is null or valid_to > " +
                $"${command.Parameters.Count})");
        }
        else
        {
            sql.Append(" and valid_to is null");
        }
        if (from is { } f) sql.Append($" and day >= ${Add(command, f)}");
        if (to is { } t) sql.Append($" and day <= ${Add(command, t)}");
        var n2 = dims.Count;
        var (rows, seq) = await InSnapshotAsync(caller, at, sql, command, filter, dims, (reader, row) => row with
        {
            Present = reader.GetInt64(n2 + 1),
            Absent = reader.GetInt64(n2 + 2),
            Excused = reader.GetInt64(n2 + 3),
            Remote = reader.GetInt64(n2 + 4),
        }, ct);
        return new Statistics(schoolYear, at.Instant, rows) { Sequence = seq };
    }

    /// <summary>
    /// Runs the figures' query and reads the jurisdiction's greatest visible sequence number in one repeatable-read
    /// snapshot (as of a sequence number, that number is the answer's).
    /// </summary>
    private async Task<(List<StatisticsRow> Rows, long Sequence)> InSnapshotAsync(
        Caller caller, FiguresAt at, StringBuilder sql, NpgsqlCommand command,
        StatisticsFilter filter, List<string> dims, Func<NpgsqlDataReader, StatisticsRow, StatisticsRow> figures, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        long sequence;
        if (at.Sequence is { } n)
        {
            sequence = n;
        }
        else
        {
            // Live: the greatest number visible now. As of an instant: the last event stamped at or before it.
            await using var last = new NpgsqlCommand(at.Instant is null
                ? $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1"
                : $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1 and timestamp <= $2", connection, transaction);
            last.Parameters.Add(new NpgsqlParameter { Value = caller.Jurisdiction });
            if (at.Instant is { } instant) last.Parameters.Add(new NpgsqlParameter { Value = instant.ToUniversalTime() });
            sequence = (long)(await last.ExecuteScalarAsync(ct))!;
        }
        command.Connection = connection;
        command.Transaction = transaction;
        var rows = await RowsAsync(sql, command, caller, filter, dims, figures, ct);
        await transaction.CommitAsync(ct);
        return (rows, sequence);
    }

    /// <summary><c>select dims, figures from table where tenant and year</c>, for the caller's jurisdiction.</summary>
    private StringBuilder Select(NpgsqlCommand command, List<string> dims, string figures, string table, Caller caller, string schoolYear)
    {
        var select = dims.Count == 0 ? "" : string.Join(", ", dims) + ", ";
        var sql = new StringBuilder($"select {select}{figures} from {_schema}.{table} where tenant_id = ${Add(command, caller.Jurisdiction)}");
        return sql.Append($" and school_year = ${Add(command, schoolYear)}");
    }

    /// <summary>Applies scope and filter, groups, runs the query and reads one row per group (the first figure is its count).</summary>
    private static async Task<List<StatisticsRow>> RowsAsync(StringBuilder sql, NpgsqlCommand command, Caller caller, StatisticsFilter filter,
        List<string> dims, Func<NpgsqlDataReader, StatisticsRow, StatisticsRow> figures, CancellationToken ct)
    {
        Where(sql, command, caller, filter);
        if (dims.Count > 0) sql.Append(" group by ").Append(string.Join(", ", dims)).Append(" order by ").Append(string.Join(", ", dims));
        command.CommandText = sql.ToString();

        var rows = new List<StatisticsRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var count = reader.IsDBNull(dims.Count) ? 0 : reader.GetInt64(dims.Count);
            if (count == 0 && dims.Count > 0) continue;
            rows.Add(figures(reader, Row(reader, dims, count)));
        }
        return rows;
    }

    internal static void Where(StringBuilder sql, NpgsqlCommand command, Caller caller, StatisticsFilter filter)
    {
        // Scope first: whatever the filter says, nothing outside the caller's rights is counted.
        switch (caller.Role)
        {
            case Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner:
                break;
            case Roles.MunicipalityOfficer:
                sql.Append($" and municipality = ${Add(command, caller.Municipality!)}");
                break;
            case Roles.SchoolAdmin:
                sql.Append($" and school_code = ${Add(command, caller.NormalisedSchoolCode!)}");
                break;
            case Roles.Teacher:
                sql.Append($" and school_code = ${Add(command, caller.NormalisedSchoolCode!)}");
                sql.Append($" and (grade::text || ':' || section) = any(${Add(command, caller.Sections.Select(s => s.ToString()).ToArray())})");
                break;
            default:
                sql.Append(" and false");
                break;
        }
        if (filter.Municipality is { } m) sql.Append($" and municipality = ${Add(command, m)}");
        if (filter.SchoolId is { } s) sql.Append($" and school_id = ${Add(command, s)}");
        if (filter.Grade is { } g) sql.Append($" and grade = ${Add(command, g)}");
        if (filter.Section is { } sec) sql.Append($" and section = ${Add(command, sec.Trim().ToUpperInvariant())}");
        if (filter.Sex is { } sex) sql.Append($" and sex = ${Add(command, sex)}");
        if (filter.Disability is { } d) sql.Append($" and disability = ${Add(command, d)}");
        if (filter.Community is { } c) sql.Append($" and community = ${Add(command, c)}");
        if (filter.Displacement is { } dp) sql.Append($" and displacement = ${Add(command, dp)}");
        if (filter.Language is { } l) sql.Append($" and language = ${Add(command, l)}");
    }

    internal static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }

    private static List<string> Columns(IEnumerable<StatisticsDimension> groupBy) => [.. groupBy.Distinct().Order().SelectMany(d => d switch
    {
        StatisticsDimension.Municipality => ["municipality"],
        StatisticsDimension.School => new[] { "school_code", "school_id" },
        StatisticsDimension.Grade => ["grade"],
        StatisticsDimension.Section => ["section"],
        StatisticsDimension.Sex => ["sex"],
        StatisticsDimension.Disability => ["disability"],
        StatisticsDimension.Community => ["community"],
        StatisticsDimension.Displacement => ["displacement"],
        StatisticsDimension.Language => ["language"],
        StatisticsDimension.Day => ["day"],
        _ => [],
    })];

    private static StatisticsRow Row(NpgsqlDataReader reader, List<string> dims, long count)
    {
        object? Value(string column) => dims.IndexOf(column) is var i and >= 0 && !reader.IsDBNull(i) ? reader.GetValue(i) : null;
        return new StatisticsRow(
            Value("municipality") as string,
            Value("school_id") as Guid?,
            Value("school_code") as string,
            Value("grade") as int?,
            Value("section") as string,
            Value("sex") as string,
            Value("disability") as string,
            Value("community") as string,
            Value("displacement") as string,
            Value("language") as string,
            Value("day") is DateTime dt ? DateOnly.FromDateTime(dt) : Value("day") as DateOnly?,
            count);
    }
}

/// <summary>When the school × grade × sex rollup can answer a question exactly.</summary>
internal static class Rollup
{
    private static readonly StatisticsDimension[] Dimensions =
        [StatisticsDimension.Municipality, StatisticsDimension.School, StatisticsDimension.Grade, StatisticsDimension.Sex];

    public static bool Answers(Caller caller, IReadOnlyList<StatisticsDimension> groupBy, StatisticsFilter filter) =>
        caller.Role != Roles.Teacher
        && groupBy.All(Dimensions.Contains)
        && filter.Section is null && filter.Disability is null && filter.Community is null && filter.Displacement is null && filter.Language is null;
}
