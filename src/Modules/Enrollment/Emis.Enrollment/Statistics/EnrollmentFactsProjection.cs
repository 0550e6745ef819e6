using Emis.Enrollment.Attendance;
using Emis.Enrollment.Learners;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Emis.Enrollment.Statistics;

/// <summary>
/// Keeps the statistics tables (<see cref="StatisticsTables"/>) in step with the events, inline, in the same
/// transaction. Every row carries the event's own timestamp, so asking "as of T" is answered from the events' time
/// and gives the same figure however often it is asked.
/// </summary>
public sealed class EnrollmentFactsProjection(string schema) : IProjection
{
    private readonly string _upsertFacts = $"""
        insert into {schema}.enr_learner_facts (tenant_id, learner_id, sex, disability, community, displacement, language)
        values (?, ?, ?, ?, ?, ?, ?)
        on conflict (tenant_id, learner_id) do update set sex = excluded.sex, disability = excluded.disability,
          community = excluded.community, displacement = excluded.displacement, language = excluded.language
        """;

    private readonly string _openSpell = $"""
        with opened as (
          insert into {schema}.enr_spells (tenant_id, learner_id, school_year, school_id, school_code, municipality, grade, section,
                                           sex, disability, community, displacement, language, valid_from, from_seq)
          select f.tenant_id, f.learner_id, ?, ?, ?, ?, ?, ?, f.sex, f.disability, f.community, f.displacement, f.language, ?,
                 (select seq_id from {schema}.mt_events where tenant_id = ? and stream_id = ? and id = ?)
          from {schema}.enr_learner_facts f where f.tenant_id = ? and f.learner_id = ?
          returning {StatisticsTables.CellColumns}),
        cell as (
          insert into {schema}.enr_counts ({StatisticsTables.CellColumns}, count)
          select opened.*, 1 from opened
          on conflict ({StatisticsTables.CellColumns}) do update set count = {schema}.enr_counts.count + 1)
        insert into {schema}.enr_counts_school ({StatisticsTables.RollupColumns}, count)
        select {StatisticsTables.RollupColumns}, 1 from opened
        on conflict ({StatisticsTables.RollupColumns}) do update set count = {schema}.enr_counts_school.count + 1
        """;

    private readonly string _closeSpell = $"""
        with closed as (
          update {schema}.enr_spells
          set valid_to = ?, to_seq = (select seq_id from {schema}.mt_events where tenant_id = ? and stream_id = ? and id = ?)
          where tenant_id = ? and learner_id = ? and school_year = ? and valid_to is null
          returning {StatisticsTables.CellColumns}),
        cell as (
          update {schema}.enr_counts c set count = c.count - 1
          from closed
          where (c.tenant_id, c.school_year, c.school_id, c.school_code, c.municipality, c.grade, c.section, c.sex, c.disability, c.community,
                 c.displacement, c.language)
              = (closed.tenant_id, closed.school_year, closed.school_id, closed.school_code, closed.municipality, closed.grade, closed.section,
                 closed.sex, closed.disability, closed.community, closed.displacement, closed.language))
        update {schema}.enr_counts_school r set count = r.count - 1
        from closed
        where (r.tenant_id, r.school_year, r.school_id, r.school_code, r.municipality, r.grade, r.sex)
            = (closed.tenant_id, closed.school_year, closed.school_id, closed.school_code, closed.municipality, closed.grade, closed.sex)
        """;

    private readonly string _recordMarks = $"""
        insert into {schema}.att_marks (tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day,
                                        learner_id, sex, disability, community, displacement, language, status, valid_from, from_seq)
        select ?, ?, ?, ?, ?, ?, ?, ?, ?, m.learner_id,
               coalesce(f.sex, '{StatisticsTables.NotCollected}'), coalesce(f.disability, '{StatisticsTables.NotCollected}'),
               coalesce(f.community, '{StatisticsTables.NotCollected}'), coalesce(f.displacement, '{StatisticsTables.NotCollected}'),
               coalesce(f.language, '{StatisticsTables.NotCollected}'), m.status, ?,
               (select seq_id from {schema}.mt_events where tenant_id = ? and stream_id = ? and id = ?)
        from unnest(?::uuid[], ?::text[]) as m(learner_id, status)
        left join {schema}.enr_learner_facts f on f.tenant_id = ? and f.learner_id = m.learner_id
        """;

    private readonly string _correctMark = $"""
        with closed as (
          update {schema}.att_marks
          set valid_to = ?, to_seq = (select seq_id from {schema}.mt_events where tenant_id = ? and stream_id = ? and id = ?)
          where tenant_id = ? and class_day_id = ? and learner_id = ? and valid_to is null
          returning *)
        insert into {schema}.att_marks (tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day,
                                        learner_id, sex, disability, community, displacement, language, status, valid_from, from_seq)
        select tenant_id, class_day_id, school_id, school_code, municipality, school_year, grade, section, day,
               learner_id, sex, disability, community, displacement, language, ?, ?, to_seq
        from closed
        """;

    // In QuickWithServerTimestamps mode an inline projection is handed events without their sequence number: the insert
    // draws it. Marten queues the event inserts ahead of the projections' SQL in the same batch, so every row finds its
    // event's number by the event's id within its stream (the stream's unique index narrows that to a few rows).
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            var tenant = e.TenantId;
            var at = e.Timestamp.ToUniversalTime();
            // Identifies the event's row in mt_events for the sequence subqueries: tenant, stream, event id.
            var (stream, id) = (e.StreamId, e.Id);
            switch (e.Data)
            {
                case LearnerRegistered r:
                    operations.QueueSqlCommand(_upsertFacts, tenant, r.LearnerId, Dimension.Of(r.Sex), Dimension.Of(r.Disability),
                        r.Community ?? StatisticsTables.NotCollected, Dimension.Of(r.Displacement), r.LanguageOfInstruction);
                    break;
                case LearnerEnrolled x:
                    Open(operations, tenant, x.LearnerId, x.SchoolYear, x.SchoolId, x.SchoolCode, x.Municipality, x.Grade, x.Section, at, stream, id);
                    break;
                case LearnerTransferred x:
                    operations.QueueSqlCommand(_closeSpell, at, tenant, stream, id, tenant, x.LearnerId, x.SchoolYear);
                    Open(operations, tenant, x.LearnerId, x.SchoolYear, x.ToSchoolId, x.ToSchoolCode, x.ToMunicipality, x.Grade, x.Section, at,
                        stream, id);
                    break;
                case LearnerWithdrawn x:
                    operations.QueueSqlCommand(_closeSpell, at, tenant, stream, id, tenant, x.LearnerId, x.SchoolYear);
                    break;
                case LearnerEnrollmentReverted x:
                    operations.QueueSqlCommand(_closeSpell, at, tenant, stream, id, tenant, x.LearnerId, x.SchoolYear);
                    break;
                case AttendanceRecorded a:
                    operations.QueueSqlCommand(_recordMarks, tenant, a.ClassDayId, a.SchoolId, a.SchoolCode, a.Municipality, a.SchoolYear,
                        a.Grade, a.Section, a.Date, at, tenant, stream, id,
                        a.Marks.Select(m => m.LearnerId).ToArray(), a.Marks.Select(m => Dimension.Of(m.Status)).ToArray(), tenant);
                    break;
                case AttendanceCorrected c:
                    operations.QueueSqlCommand(_correctMark, at, tenant, stream, id, tenant, c.ClassDayId, c.LearnerId, Dimension.Of(c.To), at);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// What <see cref="ApplyAsync"/> does for a registration followed by an enrolment, for many new learners at once
    /// (the learner import, whose events bypass inline projections): the same rows, in the caller's transaction.
    /// <paramref name="learners"/> carry the sequence number of each enrolment event (already written, see
    /// <c>BulkWrite.FlushEventsAsync</c>).
    /// </summary>
    public static async Task RegisterAndEnrolAsync(Npgsql.NpgsqlConnection connection, string schema, string tenant,
        IReadOnlyList<(LearnerRegistered Registered, LearnerEnrolled Enrolled, long EnrolledSequence)> learners, DateTimeOffset at,
            CancellationToken ct)
    {
        if (learners.Count == 0) return;
        var facts = $"""
            insert into {schema}.enr_learner_facts (tenant_id, learner_id, sex, disability, community, displacement, language)
            select $1, u.id, u.sex, u.disability, u.community, u.displacement, u.language
            from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                 as u(id, sex, disability, community, displacement, language)
            """;
        var spells = $"""
            with opened as (
              insert into {schema}.enr_spells (tenant_id, learner_id, school_year, school_id, school_code, municipality, grade, section,
                                               sex, disability, community, displacement, language, valid_from, from_seq)
              select f.tenant_id, f.learner_id, u.school_year, u.school_id, u.school_code, u.municipality, u.grade, u.section,
                     f.sex, f.disability, f.community, f.displacement, f.language, $2, u.from_seq
              from unnest($3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::int[], $9::text[], $10::bigint[])
                   as u(learner_id, school_year, school_id, school_code, municipality, grade, section, from_seq)
              join {schema}.enr_learner_facts f on f.tenant_id = $1 and f.learner_id = u.learner_id
              returning {StatisticsTables.CellColumns}),
            cell as (
              insert into {schema}.enr_counts ({StatisticsTables.CellColumns}, count)
              select {StatisticsTables.CellColumns}, count(*) from opened group by {StatisticsTables.CellColumns}
              on conflict ({StatisticsTables.CellColumns}) do update set count = {schema}.enr_counts.count + excluded.count)
            insert into {schema}.enr_counts_school ({StatisticsTables.RollupColumns}, count)
            select {StatisticsTables.RollupColumns}, count(*) from opened group by {StatisticsTables.RollupColumns}
            on conflict ({StatisticsTables.RollupColumns}) do update set count = {schema}.enr_counts_school.count + excluded.count
            """;
        await using (var command = new Npgsql.NpgsqlCommand(facts, connection))
        {
            command.Parameters.Add(new() { Value = tenant });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Registered.LearnerId).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => Dimension.Of(l.Registered.Sex)).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => Dimension.Of(l.Registered.Disability)).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Registered.Community ?? StatisticsTables.NotCollected).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => Dimension.Of(l.Registered.Displacement)).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Registered.LanguageOfInstruction).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
        await using (var command = new Npgsql.NpgsqlCommand(spells, connection))
        {
            command.Parameters.Add(new() { Value = tenant });
            command.Parameters.Add(new() { Value = at.ToUniversalTime() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.LearnerId).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.SchoolYear).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.SchoolId).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.SchoolCode).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.Municipality).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.Grade).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.Enrolled.Section).ToArray() });
            command.Parameters.Add(new() { Value = learners.Select(l => l.EnrolledSequence).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private void Open(IDocumentOperations operations, string tenant, Guid learner, string year, Guid school, string code, string municipality,
        int grade, string section, DateTimeOffset at, Guid stream, Guid id) =>
        operations.QueueSqlCommand(_openSpell, year, school, code, municipality, grade, section, at, tenant, stream, id, tenant, learner);
}

/// <summary>How a dimension's value is written in the statistics tables and in GraphQL rows: CONSTANT_CASE.</summary>
public static class Dimension
{
    public static string Of<T>(T? value) where T : struct, Enum => value is { } v ? Constant(v.ToString()) : StatisticsTables.NotCollected;

    public static string Of<T>(T value) where T : struct, Enum => Constant(value.ToString());

    private static string Constant(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
