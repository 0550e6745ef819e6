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
    private const string Reverted = "enrollment.learner_enrollment_reverted";
    private const string Recorded = "enrollment.attendance_recorded";
    private const string Corrected = "enrollment.attendance_corrected";

    public string Name => "statistics";

    public string Description =>
        "enrolment and attendance figures: learner facts, enrolment spells, counts per cell and per school, attendance marks";

    /// <summary>Millions of marks: written into new tables, indexed once, swapped in at commit (no writer reads them first).</summary>
    public bool RebuildsIntoNewTables => true;

    public IReadOnlyList<string> EventTypes => [Registered, Enrolled, Transferred, Withdrawn, Reverted, Recorded, Corrected];

    private static readonly string[] Dimensions = ["sex", "disability", "community", "displacement", "language"];
    private static readonly string[] Placement = ["school_year", "school_id", "school_code", "municipality", "grade", "section"];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("enr_learner_facts", ["tenant_id", "learner_id"], Dimensions),
        new("enr_spells", ["tenant_id", "learner_id", "from_seq"], [.. Placement, .. Dimensions, "valid_from", "valid_to", "to_seq"],
            Generated: ["id"]),
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
                     tenant_id, (data->>'LearnerId')::uuid, {Constant<Sex>("data->>'Sex'")},
                     coalesce({Constant<Disability>("data->>'Disability'")}, '{nc}'), coalesce(data->>'Community', '{nc}'),
                     coalesce({Constant<Displacement>("data->>'Displacement'")}, '{nc}'), data->>'LanguageOfInstruction'
              from source order by tenant_id, (data->>'LearnerId')::uuid, seq_id desc
              returning 1)
            select (select count(*) from source), (select count(*) from written)
            """, ct);
        rebuild.Report(read);

        // A spell opened by an enrolment or a transfer is closed by the first later transfer, withdrawal or reverted
        // enrolment (adr/0026) of the same learner in the same school year.
        read += await RunAsync(rebuild, $"""
            with moves as (
              select tenant_id, seq_id, timestamp, type, data, (data->>'LearnerId')::uuid as learner_id, data->>'SchoolYear' as school_year
              from {e}.mt_events where type in ('{Enrolled}', '{Transferred}', '{Withdrawn}', '{Reverted}') and seq_id <= $1),
            ordered as (
              select m.*, min(case when type <> '{Enrolled}' then seq_id end)
                            over (partition by tenant_id, learner_id, school_year order by seq_id
                                  rows between 1 following and unbounded following) as to_seq
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
              where o.type not in ('{Withdrawn}', '{Reverted}')
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
            select {StatisticsTables.RollupColumns}, count(*) filter (where to_seq is null)
            from {t}.enr_spells group by {StatisticsTables.RollupColumns}
            """, ct);

        // A recorded mark, then each correction of the same learner's mark that day, each closing the one before.
        // Each attendance document is taken apart once, by jsonb_to_record and jsonb_to_recordset (extracting field by
        // field would decompress the document each time). Most marks are never corrected: the few corrections are joined
        // to the day's record (a learner it did not mark is never corrected: a correction of one changes nothing) and
        // ordered by a window (a containment test, not a set-returning function: with one, the planner takes the
        // corrections for millions of rows and hashes the marks instead); every mark then finds its first correction by
        // a hash join, without sorting the marks.
        read += await RunAsync(rebuild, $"""
            with recorded as (
              select e.tenant_id, e.seq_id, e.timestamp, r.*
              from {e}.mt_events e
              cross join lateral jsonb_to_record(e.data) as r("ClassDayId" uuid, "SchoolId" uuid, "SchoolCode" text, "Municipality" text,
                                                              "SchoolYear" text, "Grade" int, "Section" text, "Date" date, "Marks" jsonb)
              where e.type = '{Recorded}' and e.seq_id <= $1),
            corrected as (
              select e.tenant_id, e.seq_id, e.timestamp, c."ClassDayId" as class_day_id, c."LearnerId" as learner_id,
                     {Constant<AttendanceStatus>("c.\"To\"")} as status
              from {e}.mt_events e
              cross join lateral jsonb_to_record(e.data) as c("ClassDayId" uuid, "LearnerId" uuid, "To" int)
              where e.type = '{Corrected}' and e.seq_id <= $1),
            corrections as (
              select r.tenant_id, r."ClassDayId" as class_day_id, r."SchoolId" as school_id, r."SchoolCode" as school_code,
                     r."Municipality" as municipality, r."SchoolYear" as school_year, r."Grade" as grade, r."Section" as section, r."Date" as day,
                     c.learner_id, c.status, c.timestamp, c.seq_id,
                     lead(c.seq_id) over mark as to_seq, lead(c.timestamp) over mark as valid_to,
                     row_number() over mark as n
              from corrected c
              join recorded r on r.tenant_id = c.tenant_id and r."ClassDayId" = c.class_day_id and r.seq_id < c.seq_id
                             and r."Marks" @> jsonb_build_array(jsonb_build_object('LearnerId', c.learner_id))
              window mark as (partition by c.tenant_id, c.class_day_id, c.learner_id order by c.seq_id)),
            marks as (
              select r.tenant_id, r."ClassDayId" as class_day_id, r."SchoolId" as school_id, r."SchoolCode" as school_code,
                     r."Municipality" as municipality, r."SchoolYear" as school_year, r."Grade" as grade, r."Section" as section, r."Date" as day,
                     m."LearnerId" as learner_id, {Constant<AttendanceStatus>("m.\"Status\"")} as status, r.timestamp, r.seq_id,
                     fc.seq_id as to_seq, fc.timestamp as valid_to
              from recorded r
              cross join lateral jsonb_to_recordset(r."Marks") as m("LearnerId" uuid, "Status" int)
              left join corrections fc on fc.n = 1 and fc.tenant_id = r.tenant_id and fc.class_day_id = r."ClassDayId"
                                    and fc.learner_id = m."LearnerId"
              union all
              select tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day, learner_id, status,
                     timestamp, seq_id, to_seq, valid_to
              from corrections),
            written as (
              insert into {t}.att_marks (tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day,
                                        learner_id, sex, disability, community, displacement, language, status, valid_from, valid_to,
                                        from_seq, to_seq)
              select w.tenant_id, w.class_day_id, w.school_id, w.school_code, w.municipality, w.school_year, w.grade, w.section, w.day, w.learner_id,
                     coalesce(f.sex, '{nc}'), coalesce(f.disability, '{nc}'), coalesce(f.community, '{nc}'), coalesce(f.displacement, '{nc}'),
                     coalesce(f.language, '{nc}'), w.status, w.timestamp, w.valid_to, w.seq_id, w.to_seq
              from marks w
              left join {t}.enr_learner_facts f on f.tenant_id = w.tenant_id and f.learner_id = w.learner_id)
            select (select count(*) from recorded) + (select count(*) from corrected)
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
        $"(case ({json})::int " +
        $"{string.Concat(Enum.GetValues<T>().Select(v =>
            $"when {Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)} then '{Dimension.Of(v)}' "))}end)";
}
