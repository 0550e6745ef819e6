using System.Text;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Emis.Staffing.Staff;
using Emis.Staffing.Standards;
using Marten;
using Npgsql;

namespace Emis.Staffing.Figures;

/// <summary>A sequence number asked for that is not (yet) certain to be complete.</summary>
public sealed class StaffSequenceNotSettledException(long sequence, long head)
    : Exception($"Sequence {sequence} is not settled yet (every event up to {head} is).");

/// <summary>
/// Staff figures as of an event sequence number N: the posts and standards open at N (<c>from_seq &lt;= N &lt; to_seq</c>)
/// and Enrollment's learners at the same N (<see cref="IEnrolledLearnerCounts"/>), in one answer carrying N. Live figures
/// are the figures as of the jurisdiction's greatest visible sequence number; as of an instant, as of the jurisdiction's last
/// event stamped at or before it.
/// Ministry, analysts and partners see the jurisdiction, a municipality officer their municipality, a school admin their school.
/// </summary>
public sealed class StaffFiguresQueries(NpgsqlDataSource database, IDocumentStore store, EventLogPulse log, IEnrolledLearnerCounts learners)
{
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3);

    private const int MaxAnswers = 1_000;

    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<StaffStatistics>>> _answers = new();

    public static bool MaySee(Caller caller) =>
        caller.Role is Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner or Roles.MunicipalityOfficer or Roles.SchoolAdmin;

    public async Task<StaffStatistics> StatisticsAsync(Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy,
        StaffStatisticsFilter filter, DateTimeOffset? asOf, long? asOfSequence, CancellationToken ct)
    {
        if (!MaySee(caller)) throw new UnauthorizedAccessException("Staff figures are for the ministry, municipalities and school admins.");
        long sequence;
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            if (asOfSequence is { } asked)
            {
                await SettleAsync(asked, ct);
                sequence = asked;
            }
            else if (asOf is { } instant)
            {
                sequence = await ScalarAsync(connection,
                    $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1 and timestamp <= $2", ct,
                    caller.Jurisdiction, instant.ToUniversalTime()) is long s ? s : 0;
            }
            else
            {
                // Live: the jurisdiction's greatest number visible now, as Enrollment's live figures take it.
                sequence = await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {_schema}.mt_events where tenant_id = $1", ct,
                    caller.Jurisdiction) is long s ? s : 0;
            }
        }
        // The answer as of N never changes: callers asking the same question in the same scope at the same N share one
        // computation (64 clients reading a canton's ratios cost one set of queries per new sequence number, not 64).
        var key = $"{caller.ScopeKey}|{schoolYear}|{string.Join(',', groupBy)}|{filter}|{asOf?.UtcTicks}|{sequence}";
        if (_answers.Count > MaxAnswers) _answers.Clear();
        var answer = _answers.GetOrAdd(key, _ => new Lazy<Task<StaffStatistics>>(
            () => ComputeAsync(caller, schoolYear, groupBy, filter, asOf, sequence, CancellationToken.None)));
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

    private async Task<StaffStatistics> ComputeAsync(Caller caller, string schoolYear, IReadOnlyList<StaffDimension> groupBy,
        StaffStatisticsFilter filter, DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        // Ages at the instant asked, else at the last event of the jurisdiction the figures include (the same for the same N).
        var day = asOf is { } a ? DateOnly.FromDateTime(a.UtcDateTime)
            : await ScalarAsync(connection, $"select max(timestamp) from {_schema}.mt_events where tenant_id = $1 and seq_id <= $2", ct,
                caller.Jurisdiction, sequence) is DateTime last ? DateOnly.FromDateTime(last) : DateOnly.FromDateTime(DateTime.UnixEpoch);

        var posts = await PostsAsync(connection, caller, filter, sequence, ct);
        var standards = await StandardsAsync(connection, caller.Jurisdiction, sequence, ct);
        var counts = await learners.CountAsync(caller, schoolYear, sequence, ct);
        return new StaffStatistics(schoolYear, asOf, sequence, StaffFigures.Compute(posts, standards, counts, groupBy, filter, day));
    }

    private async Task SettleAsync(long sequence, CancellationToken ct)
    {
        if (await log.HeadAsync(ct) >= sequence) return;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(SettleWait);
        try
        {
            await log.WaitBeyondAsync(sequence - 1, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new StaffSequenceNotSettledException(sequence, await log.HeadAsync(ct));
        }
    }

    private async Task<List<StaffPost>> PostsAsync(NpgsqlConnection connection, Caller caller, StaffStatisticsFilter filter, long sequence,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder($"""
            select staff_id, school_id, school_code, municipality, level, role, contract_type, fte, sex, birth_date, highest_qualification,
                   certified, pre_service, in_service_hours
            from {_schema}.stf_posts where tenant_id = ${Add(command, caller.Jurisdiction)}
              and from_seq <= ${Add(command, sequence)} and (to_seq is null or to_seq > ${command.Parameters.Count})
            """);
        if (caller.Role == Roles.MunicipalityOfficer) sql.Append($" and municipality = ${Add(command, caller.Municipality!)}");
        if (caller.Role == Roles.SchoolAdmin) sql.Append($" and school_code = ${Add(command, caller.NormalisedSchoolCode!)}");
        if (filter.Municipality is { } m) sql.Append($" and municipality = ${Add(command, m)}");
        if (filter.SchoolId is { } s) sql.Append($" and school_id = ${Add(command, s)}");
        if (filter.Level is { } l) sql.Append($" and level = ${Add(command, l)}");
        if (filter.Sex is { } x) sql.Append($" and sex = ${Add(command, x)}");
        if (filter.Role is { } r) sql.Append($" and role = ${Add(command, r)}");
        if (filter.ContractType is { } t) sql.Append($" and contract_type = ${Add(command, t)}");
        command.CommandText = sql.ToString();
        var posts = new List<StaffPost>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            posts.Add(new StaffPost(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetDecimal(7), reader.GetString(8), reader.GetFieldValue<DateOnly>(9),
                reader.GetInt32(10), reader.GetBoolean(11), reader.GetBoolean(12), reader.GetDecimal(13)));
        }
        return posts;
    }

    private async Task<List<LevelStandard>> StandardsAsync(NpgsqlConnection connection, string tenant, long sequence, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select level, first_grade, last_grade, min_qualification, certification_required, min_in_service_hours
            from {_schema}.stf_standards where tenant_id = $1 and from_seq <= $2 and (to_seq is null or to_seq > $2) order by level
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        var standards = new List<LevelStandard>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var level = Enum.GetValues<EducationLevel>().First(l => Constant.Of(l) == reader.GetString(0));
            standards.Add(new LevelStandard(level, reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
        }
        return standards;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return await command.ExecuteScalarAsync(ct);
    }

    private static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }
}
