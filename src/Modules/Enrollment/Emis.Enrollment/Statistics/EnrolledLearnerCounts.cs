using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Marten;
using Npgsql;

namespace Emis.Enrollment.Statistics;

/// <summary>
/// <see cref="IEnrolledLearnerCounts"/> from the enrolment intervals (<c>enr_spells</c>): the spells open at the
/// sequence number (<c>from_seq &lt;= N &lt; to_seq</c>), inside the caller's scope as <see cref="StatisticsQueries"/> applies it.
/// </summary>
internal sealed class EnrolledLearnerCounts(NpgsqlDataSource database, IDocumentStore store) : IEnrolledLearnerCounts
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<IReadOnlyList<EnrolledLearnerCount>> CountAsync(Caller caller, string schoolYear, long sequence, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand();
        var sql = new System.Text.StringBuilder($"""
            select school_id, school_code, municipality, grade, count(*)::bigint from {_schema}.enr_spells
            where tenant_id = ${StatisticsQueries.Add(command, caller.Jurisdiction)} and school_year = ${StatisticsQueries.Add(command, schoolYear)}
              and from_seq <= ${StatisticsQueries.Add(command, sequence)} and (to_seq is null or to_seq > ${command.Parameters.Count})
            """);
        StatisticsQueries.Where(sql, command, caller, StatisticsFilter.None);
        sql.Append(" group by school_id, school_code, municipality, grade order by school_code, school_id, grade");
        command.CommandText = sql.ToString();
        await using var connection = await database.OpenConnectionAsync(ct);
        command.Connection = connection;
        var rows = new List<EnrolledLearnerCount>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EnrolledLearnerCount(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4)));
        }
        return rows;
    }
}
