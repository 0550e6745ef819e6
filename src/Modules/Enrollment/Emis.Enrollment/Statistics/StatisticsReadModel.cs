using Emis.Enrollment.Attendance;
using Emis.Enrollment.Learners;
using Emis.Platform.ReadModels;

namespace Emis.Enrollment.Statistics;

/// <summary>
/// The statistics tables (<see cref="StatisticsTables"/>) rebuilt from the event log in a few set-based statements
/// instead of replaying <see cref="EnrollmentFactsProjection"/> event by event: the learners' attributes are the last
/// registration of each learner; every enrolment or transfer opens a spell that the next transfer or withdrawal of the
/// same learner and school year closes (a window over the learner's events); the counts are the open spells per cell
/// (cells that emptied keep their row at 0, as the running counts do); a recorded attendance mark is closed by the
/// next correction of the same learner and day. The rows are the ones the inline projection and the import write.
/// </summary>
public sealed class StatisticsReadModel : IReadModel
{
    private const string Registered = "enrollment.learner_registered";
    private const string Enrolled = "enrollment.learner_enrolled";
    private const string Transferred = "enrollment.learner_transferred";
    private const string Withdrawn = "enrollment.learner_withdrawn";
    private const string Recorded = "enrollment.attendance_recorded";
    private const string Corrected = "enrollment.attendance_corrected";

    public string Name => "statistics";

    public string Description => "enrolment and attendance figures: learner facts, enrolment spells, counts per cell and per school, attendance marks";

    public IReadOnlyList<string> EventTypes => [Registered, Enrolled, Transferred, Withdrawn, Recorded, Corrected];

    private static readonly string[] Dimensions = ["sex", "disability", "community", "displacement", "language"];
    private static readonly string[] Placement = ["school_year", "school_id", "school_code", "municipality", "grade", "section"];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("enr_learner_facts", ["tenant_id", "learner_id"], Dimensions),
        new("enr_spells", ["tenant_id", "learner_id", "from_seq"], [.. Placement, .. Dimensions, "valid_from", "valid_to", "to_seq"], Generated: ["id"]),
        new("enr_counts", StatisticsTables.CellColumns.Split(", "), ["count"]),
        new("enr_counts_school", StatisticsTables.RollupColumns.Split(", "), ["count"]),
        new("att_marks", ["tenant_id", "class_day_id", "learner_id", "from_seq"],
            ["day", .. Placement, .. Dimensions, "status", "valid_from", "valid_to", "to_seq"], Generated: ["id"]),
    ];

    public async Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct)
    {
        var (e, t) = (rebuild.EventSchema, rebuild.TargetSchema);
        const string nc = StatisticsTables.NotCollected;
        long read = 0;
        // Millions of marks are joined and grouped: room to do it in memory (for this transaction only).
        await RunAsync(rebuild, "set local work_mem = '256MB'", ct);

        // The last registration of each learner wins, as the inline upsert does.
        read += await RunAsync(rebuild, $"""
            with source as (
              select tenant_id, seq_id, data from {e}.mt_events where type = '{Registered}' and seq_id <= $1),
            written as (
              insert into {t}.enr_learner_facts (tenant_id, learner_id, sex, disability, community, displacement, language)
              select distinct on (tenant_id, (data->>'LearnerId')::uuid)
                     tenant_id, (data->>'LearnerId')::uuid, {Constant<Sex>("data->>'Sex'")}, coalesce({Constant<Disability>("data->>'Disability'")}, '{nc}'),
                     coalesce(data->>'Community', '{nc}'), coalesce({Constant<Displacement>("data->>'Displacement'")}, '{nc}'), data->>'LanguageOfInstruction'
              from source order by tenant_id, (data->>'LearnerId')::uuid, seq_id desc
              returning 1)
            select (select count(*) from source), (select count(*) from written)
            """, ct);
        rebuild.Report(read);

        // A spell opened by an enrolment or a transfer is closed by the first later transfer or withdrawal of the same
        // learner in the same school year.
        read += await RunAsync(rebuild, $"""
            with moves as (
              select tenant_id, seq_id, timestamp, type, data, (data->>'LearnerId')::uuid as learner_id, data->>'SchoolYear' as school_year
              from {e}.mt_events where type in ('{Enrolled}', '{Transferred}', '{Withdrawn}') and seq_id <= $1),
            ordered as (
              select m.*, min(case when type <> '{Enrolled}' then seq_id end)
                            over (partition by tenant_id, learner_id, school_year order by seq_id rows between 1 following and unbounded following) as to_seq
              from moves m),
            written as (
              insert into {t}.enr_spells (tenant_id, learner_id, school_year, school_id, school_code, municipality, grade, section,
                                         sex, disability, community, displacement, language, valid_from, valid_to, from_seq, to_seq)
              select o.tenant_id, o.learner_id, o.school_year,
                     case when o.type = '{Enrolled}' then (o.data->>'SchoolId')::uuid else (o.data->>'ToSchoolId')::uuid end,
                     case when o.type = '{Enrolled}' then o.data->>'SchoolCode' else o.data->>'ToSchoolCode' end,
                     case when o.type = '{Enrolled}' then o.data->>'Municipality' else o.data->>'ToMunicipality' end,
                     (o.data->>'Grade')::int, o.data->>'Section',
                     f.sex, f.disability, f.community, f.displacement, f.language, o.timestamp, c.timestamp, o.seq_id, o.to_seq
              from ordered o
              join {t}.enr_learner_facts f on f.tenant_id = o.tenant_id and f.learner_id = o.learner_id
              left join moves c on c.seq_id = o.to_seq
              where o.type <> '{Withdrawn}'
              returning 1)
            select (select count(*) from moves), (select count(*) from written)
            """, ct);
        rebuild.Report(read);

        // Running counts are open spells per cell; a cell that ever had a learner keeps its row (at 0 when emptied).
        await RunAsync(rebuild, $"""
            insert into {t}.enr_counts ({StatisticsTables.CellColumns}, count)
            select {StatisticsTables.CellColumns}, count(*) filter (where to_seq is null) from {t}.enr_spells group by {StatisticsTables.CellColumns}
            """, ct);
        await RunAsync(rebuild, $"""
            insert into {t}.enr_counts_school ({StatisticsTables.RollupColumns}, count)
            select {StatisticsTables.RollupColumns}, count(*) filter (where to_seq is null) from {t}.enr_spells group by {StatisticsTables.RollupColumns}
            """, ct);

        // A recorded mark, then each correction of the same learner's mark that day, each closing the one before.
        // Each event's fields are taken out of its JSON once (reading them per mark would decompress the document every
        // time). Most marks are never corrected: only the few learner-days with corrections need ordering (a window);
        // the rest are closed, if at all, by the first correction, found by a hash join instead of sorting every mark.
        read += await RunAsync(rebuild, $"""
            with recorded as (
              select tenant_id, seq_id, timestamp, (data->>'ClassDayId')::uuid as class_day_id, (data->>'SchoolId')::uuid as school_id,
                     data->>'SchoolCode' as school_code, data->>'Municipality' as municipality, data->>'SchoolYear' as school_year,
                     (data->>'Grade')::int as grade, data->>'Section' as section, (data->>'Date')::date as day, data->'Marks' as marks
              from {e}.mt_events where type = '{Recorded}' and seq_id <= $1),
            corrected as (
              select tenant_id, seq_id, timestamp, (data->>'ClassDayId')::uuid as class_day_id, (data->>'LearnerId')::uuid as learner_id,
                     {Constant<AttendanceStatus>("data->>'To'")} as status
              from {e}.mt_events where type = '{Corrected}' and seq_id <= $1),
            base as (
              select r.tenant_id, r.class_day_id, r.school_id, r.school_code, r.municipality, r.school_year, r.grade, r.section, r.day,
                     (m->>'LearnerId')::uuid as learner_id, {Constant<AttendanceStatus>("m->>'Status'")} as status, r.timestamp, r.seq_id
              from recorded r cross join lateral jsonb_array_elements(r.marks) m),
            -- a correction replaces a recorded mark only: one of a learner the day's record did not mark changes nothing
            corrections as (
              select b.tenant_id, b.class_day_id, b.school_id, b.school_code, b.municipality, b.school_year, b.grade, b.section, b.day,
                     b.learner_id, c.status, c.timestamp, c.seq_id,
                     lead(c.seq_id) over mark as to_seq, lead(c.timestamp) over mark as valid_to,
                     row_number() over mark as n
              from corrected c
              join base b on b.tenant_id = c.tenant_id and b.class_day_id = c.class_day_id and b.learner_id = c.learner_id and b.seq_id < c.seq_id
              window mark as (partition by c.tenant_id, c.class_day_id, c.learner_id order by c.seq_id)),
            marks as (
              select b.*, fc.seq_id as to_seq, fc.timestamp as valid_to
              from base b
              left join corrections fc on fc.n = 1 and fc.tenant_id = b.tenant_id and fc.class_day_id = b.class_day_id
                                    and fc.learner_id = b.learner_id
              union all
              select tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day, learner_id, status, timestamp, seq_id,
                     to_seq, valid_to
              from corrections)
            insert into {t}.att_marks (tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day,
                                      learner_id, sex, disability, community, displacement, language, status, valid_from, valid_to, from_seq, to_seq)
            select w.tenant_id, w.class_day_id, w.school_id, w.school_code, w.municipality, w.school_year, w.grade, w.section, w.day, w.learner_id,
                   coalesce(f.sex, '{nc}'), coalesce(f.disability, '{nc}'), coalesce(f.community, '{nc}'), coalesce(f.displacement, '{nc}'),
                   coalesce(f.language, '{nc}'), w.status, w.timestamp, w.valid_to, w.seq_id, w.to_seq
            from marks w
            left join {t}.enr_learner_facts f on f.tenant_id = w.tenant_id and f.learner_id = w.learner_id
            """, ct);
        read += await RunAsync(rebuild, $"""
            select (select count(*) from {e}.mt_events where type = '{Recorded}' and seq_id <= $1)
                 + (select count(*) from {e}.mt_events where type = '{Corrected}' and seq_id <= $1)
            """, ct);
        rebuild.Report(read);
        return read;
    }

    /// <summary>Runs one statement; one that selects returns its first number (the events read), others 0.</summary>
    private static async Task<long> RunAsync(ReadModelRebuild rebuild, string sql, CancellationToken ct)
    {
        await using var command = rebuild.Command(sql, rebuild.UpTo);
        if (!sql.Contains("$1", StringComparison.Ordinal)) command.Parameters.Clear();
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && reader.FieldCount > 0 && !reader.IsDBNull(0) ? reader.GetInt64(0) : 0;
    }

    /// <summary>
    /// An enum stored as its number in the event's JSON, as the statistics tables write it (<see cref="Dimension.Of{T}(T)"/>):
    /// CONSTANT_CASE of its name; null when the JSON holds null.
    /// </summary>
    private static string Constant<T>(string json) where T : struct, Enum =>
        $"(case ({json})::int {string.Concat(Enum.GetValues<T>().Select(v => $"when {Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)} then '{Dimension.Of(v)}' "))}end)";
}
