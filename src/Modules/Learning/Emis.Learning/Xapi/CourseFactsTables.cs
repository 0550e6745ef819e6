using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Learning.Xapi;

/// <summary>
/// Course progress read model (adr/0029), two tables kept inline from the statement events:
/// <list type="bullet">
/// <item><c>lrn_xapi_statements</c>: every statement id of a jurisdiction once — its primary key (tenant, statement id) is what
/// makes ids unique, so two requests recording the same id at once cannot both commit — with its fingerprint, its learner, and
/// for a voiding statement the id it voids.</item>
/// <item><c>lrn_course_statements</c>: every statement about a course as an interval of event sequence (as <c>lrn_marks</c>),
/// with the learner's school, municipality, grade, section and sex when it arrived (<c>NONE</c> for a learner not in class);
/// a voiding statement closes the row (<c>to_seq</c>), and a statement voided before it arrived is closed as it opens.</item>
/// </list>
/// Figures as of sequence N read the rows with <c>from_seq &lt;= N &lt; to_seq</c> (adr/0013).
/// </summary>
internal static class CourseFactsTables
{
    /// <summary>The value of a placement column for a learner not in class, and of the category column for a statement without one.</summary>
    public const string None = "NONE";

    public static IEnumerable<Table> All(string schema)
    {
        var ids = new Table(new PostgresqlObjectName(schema, "lrn_xapi_statements", SchemaUtils.IdentifierUsage.General));
        ids.AddColumn<string>("tenant_id").AsPrimaryKey();
        ids.AddColumn<Guid>("statement_id").AsPrimaryKey();
        ids.AddColumn<string>("hash").NotNull();
        ids.AddColumn<Guid>("learner_id").AllowNulls();
        ids.AddColumn<Guid>("voids").AllowNulls();
        ids.AddColumn<Guid>("batch_id").NotNull();
        ids.AddColumn<long>("seq").NotNull();
        ids.Indexes.Add(new IndexDefinition("ix_lrn_xapi_statements_voids") { Columns = ["tenant_id", "voids"], Predicate = "voids is not null" });
        yield return ids;

        var facts = new Table(new PostgresqlObjectName(schema, "lrn_course_statements", SchemaUtils.IdentifierUsage.General));
        facts.AddColumn("id", "bigserial").AsPrimaryKey();
        facts.AddColumn<string>("tenant_id").NotNull();
        facts.AddColumn<Guid>("statement_id").NotNull();
        facts.AddColumn<Guid>("batch_id").NotNull();
        facts.AddColumn<Guid>("learner_id").NotNull();
        facts.AddColumn<string>("course").NotNull();
        facts.AddColumn<string>("category").NotNull();
        facts.AddColumn<string>("activity_id").NotNull();
        facts.AddColumn<string>("verb").NotNull();
        facts.AddColumn("scaled", "numeric").AllowNulls();
        facts.AddColumn("raw", "numeric").AllowNulls();
        facts.AddColumn("min", "numeric").AllowNulls();
        facts.AddColumn("max", "numeric").AllowNulls();
        facts.AddColumn<bool>("success").AllowNulls();
        facts.AddColumn<bool>("completion").AllowNulls();
        facts.AddColumn<string>("duration").AllowNulls();
        facts.AddColumn("at", "timestamptz").NotNull();
        facts.AddColumn<Guid>("school_id").AllowNulls();
        facts.AddColumn<string>("school_code").NotNull();
        facts.AddColumn<string>("municipality").NotNull();
        facts.AddColumn<string>("school_year").AllowNulls();
        facts.AddColumn<int>("grade").AllowNulls();
        facts.AddColumn<string>("section").NotNull();
        facts.AddColumn<string>("sex").NotNull();
        facts.AddColumn<long>("from_seq").NotNull();
        facts.AddColumn<long>("to_seq").AllowNulls();
        facts.Indexes.Add(new IndexDefinition("ix_lrn_course_statements_id") { Columns = ["tenant_id", "statement_id"], IsUnique = true });
        facts.Indexes.Add(new IndexDefinition("ix_lrn_course_statements_seq") { Columns = ["tenant_id", "from_seq"] });
        facts.Indexes.Add(new IndexDefinition("ix_lrn_course_statements_learner") { Columns = ["tenant_id", "learner_id"] });
        yield return facts;
    }
}

/// <summary>
/// The statements that keep the course tables in step with one event, the same inline and in a rebuild. The sequence number
/// is read from <c>mt_events</c> by the event's tenant, stream and id (inline projections get events without it, adr/0013).
/// Placeholders are <c>?</c>, in order.
/// </summary>
internal sealed class CourseFactsStatements(string tables, string events) : IEventStatements
{
    private const string FactColumns =
        "tenant_id, statement_id, batch_id, learner_id, course, category, activity_id, verb, scaled, raw, min, max, success, completion, duration, " +
        "at, school_id, school_code, municipality, school_year, grade, section, sex, from_seq, to_seq";

    public IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data)
    {
        var seq = $"(select seq_id from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)";
        object[] ev = [tenant, stream, id];
        switch (data)
        {
            case CourseStatementsRecorded r:
            {
                var s = r.Statements;
                yield return ($"""
                    insert into {tables}.lrn_xapi_statements (tenant_id, statement_id, hash, learner_id, voids, batch_id, seq)
                    select ?, u.id, u.hash, u.learner, null, ?, {seq} from unnest(?::uuid[], ?::text[], ?::uuid[]) as u(id, hash, learner)
                    """, [tenant, r.BatchId, .. ev, s.Select(x => x.StatementId).ToArray(), s.Select(x => x.Hash).ToArray(),
                        s.Select(x => x.LearnerId).ToArray()]);
                var l = r.Learners;
                yield return ($"""
                    insert into {tables}.lrn_course_statements ({FactColumns})
                    select ?, s.id, ?, s.learner, s.course, coalesce(s.category, '{CourseFactsTables.None}'), s.activity, s.verb, s.scaled, s.raw,
                           s.min, s.max, s.success, s.completion, s.duration, s.at, l.school_id, coalesce(l.school_code, '{CourseFactsTables.None}'),
                           coalesce(l.municipality, '{CourseFactsTables.None}'), l.school_year, l.grade,
                           coalesce(l.section, '{CourseFactsTables.None}'), l.sex, q.seq,
                           case when exists (select 1 from {tables}.lrn_xapi_statements v where v.tenant_id = ? and v.voids = s.id) then q.seq end
                    from (select {seq} as seq) q,
                         unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[],
                                ?::numeric[], ?::bool[], ?::bool[], ?::text[], ?::timestamptz[])
                           as s(id, learner, course, category, activity, verb, scaled, raw, min, max, success, completion, duration, at)
                         join unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
                           as l(learner_id, sex, school_id, school_code, municipality, school_year, grade, section) on l.learner_id = s.learner
                    """, [tenant, r.BatchId, tenant, .. ev,
                        s.Select(x => x.StatementId).ToArray(), s.Select(x => x.LearnerId).ToArray(), s.Select(x => x.Course).ToArray(),
                        s.Select(x => x.ContentCategory).ToArray(), s.Select(x => x.ActivityId).ToArray(), s.Select(x => x.Verb).ToArray(),
                        s.Select(x => x.Scaled).ToArray(), s.Select(x => x.Raw).ToArray(), s.Select(x => x.Min).ToArray(),
                        s.Select(x => x.Max).ToArray(), s.Select(x => x.Success).ToArray(), s.Select(x => x.Completion).ToArray(),
                        s.Select(x => x.Duration).ToArray(), s.Select(x => x.Timestamp.ToUniversalTime()).ToArray(),
                        l.Select(x => x.LearnerId).ToArray(), l.Select(x => x.Sex).ToArray(), l.Select(x => x.SchoolId).ToArray(),
                        l.Select(x => x.SchoolCode).ToArray(), l.Select(x => x.Municipality).ToArray(), l.Select(x => x.SchoolYear).ToArray(),
                        l.Select(x => x.Grade).ToArray(), l.Select(x => x.Section).ToArray()]);
                break;
            }
            case CourseStatementsVoided v:
                yield return ($"""
                    insert into {tables}.lrn_xapi_statements (tenant_id, statement_id, hash, learner_id, voids, batch_id, seq)
                    select ?, u.id, u.hash, null, u.voids, ?, {seq} from unnest(?::uuid[], ?::text[], ?::uuid[]) as u(id, hash, voids)
                    """, [tenant, v.BatchId, .. ev, v.Voids.Select(x => x.StatementId).ToArray(), v.Voids.Select(x => x.Hash).ToArray(),
                        v.Voids.Select(x => x.Voided).ToArray()]);
                yield return ($"""
                    update {tables}.lrn_course_statements set to_seq = {seq}
                    where tenant_id = ? and statement_id = any(?::uuid[]) and to_seq is null
                    """, [.. ev, tenant, v.Voids.Select(x => x.Voided).ToArray()]);
                break;
        }
    }
}

/// <summary>Keeps the course tables in step with the events, inline, in the same transaction.</summary>
public sealed class CourseFactsProjection(string schema) : IProjection
{
    private readonly EventStatementsProjection _inline = new(new CourseFactsStatements(schema, schema));

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        _inline.ApplyAsync(operations, events, cancellation);
}

/// <summary>The course tables rebuilt from the event log by running, event by event in sequence order, the inline projection's statements.</summary>
internal sealed class CourseFactsReadModel(IDocumentStore store) : IReadModel
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["learning.course_statements_recorded"] = typeof(CourseStatementsRecorded),
        ["learning.course_statements_voided"] = typeof(CourseStatementsVoided),
    };

    public string Name => "course-progress";

    public string Description => "xAPI statement ids, and statements about courses as intervals of event sequence (lrn_xapi_statements, " +
        "lrn_course_statements)";

    public IReadOnlyList<string> EventTypes => [.. Types.Keys];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("lrn_xapi_statements", ["tenant_id", "statement_id"], ["hash", "learner_id", "voids", "batch_id", "seq"]),
        new("lrn_course_statements", ["tenant_id", "statement_id"],
            ["batch_id", "learner_id", "course", "category", "activity_id", "verb", "scaled", "raw", "min", "max", "success", "completion",
                "duration", "at", "school_id", "school_code", "municipality", "school_year", "grade", "section", "sex", "from_seq", "to_seq"],
            Generated: ["id"]),
    ];

    // A batch event carries up to thousands of statements: each event's data is read only when it is applied.
    public Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct) => EventStatementReplay.ReplayAsync(rebuild, store, Types,
        new CourseFactsStatements(rebuild.TargetSchema, rebuild.EventSchema), largeEvents: true, ct);
}
