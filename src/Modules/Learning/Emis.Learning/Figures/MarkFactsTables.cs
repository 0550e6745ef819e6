using Emis.Learning.Marks;
using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Learning.Figures;

/// <summary>
/// Marks' figures read model (adr/0028): <c>lrn_marks</c>, every mark as an interval of event sequence — a correction closes
/// the learner's row of the term (<c>to_seq</c>) and opens one with the new mark — with where it was given (school,
/// municipality, grade, section, level, subject), the learner's sex, and the mark's value and pass as the scale said then.
/// Figures as of sequence N read the rows with <c>from_seq &lt;= N &lt; to_seq</c> (adr/0013).
/// </summary>
internal static class MarkFactsTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var marks = new Table(new PostgresqlObjectName(schema, "lrn_marks", SchemaUtils.IdentifierUsage.General));
        marks.AddColumn("id", "bigserial").AsPrimaryKey();
        marks.AddColumn<string>("tenant_id").NotNull();
        marks.AddColumn<Guid>("sheet_id").NotNull();
        marks.AddColumn<Guid>("learner_id").NotNull();
        marks.AddColumn<string>("term").NotNull();
        marks.AddColumn<Guid>("section_id").NotNull();
        marks.AddColumn<Guid>("school_id").NotNull();
        marks.AddColumn<string>("school_code").NotNull();
        marks.AddColumn<string>("municipality").NotNull();
        marks.AddColumn<string>("school_year").NotNull();
        marks.AddColumn<int>("grade").NotNull();
        marks.AddColumn<string>("letter").NotNull();
        marks.AddColumn<string>("level").NotNull();
        marks.AddColumn<string>("subject").NotNull();
        marks.AddColumn<string>("sex").NotNull();
        marks.AddColumn<string>("mark").NotNull();
        marks.AddColumn("value", "numeric").AllowNulls();
        marks.AddColumn<bool>("passing").NotNull();
        marks.AddColumn<long>("from_seq").NotNull();
        marks.AddColumn<long>("to_seq").AllowNulls();
        // One mark as it stands per learner, sheet and term: a second would be counted twice, so the write fails instead.
        marks.Indexes.Add(new IndexDefinition("ix_lrn_marks_open")
        {
            Columns = ["tenant_id", "sheet_id", "learner_id", "term"],
            Predicate = "to_seq is null",
            IsUnique = true,
        });
        marks.Indexes.Add(new IndexDefinition("ix_lrn_marks_year") { Columns = ["tenant_id", "school_year", "term", "from_seq"] });
        marks.Indexes.Add(new IndexDefinition("ix_lrn_marks_learner") { Columns = ["tenant_id", "learner_id"] });
        yield return marks;
    }
}

/// <summary>
/// The statements that keep <c>lrn_marks</c> in step with one event, the same inline and in a rebuild. The sequence number is
/// read from <c>mt_events</c> by the event's tenant, stream and id (inline projections get events without it, adr/0013).
/// Placeholders are <c>?</c>, in order.
/// </summary>
internal sealed class MarkFactsStatements(string tables, string events) : IEventStatements
{
    private const string Columns =
        "tenant_id, sheet_id, learner_id, term, section_id, school_id, school_code, municipality, school_year, grade, letter, level, subject, sex, " +
        "mark, value, passing, from_seq";

    public IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data)
    {
        var seq = $"(select seq_id from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)";
        object[] ev = [tenant, stream, id];
        switch (data)
        {
            case MarksRecorded r:
                yield return ($"""
                    insert into {tables}.lrn_marks ({Columns})
                    select ?, ?, u.learner, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, u.sex, u.mark, u.value, u.passing, {seq}
                    from unnest(?::uuid[], ?::text[], ?::numeric[], ?::bool[], ?::text[]) as u(learner, mark, value, passing, sex)
                    """, [tenant, r.SheetId, r.Term, r.SectionId, r.SchoolId, r.SchoolCode, r.Municipality, r.SchoolYear, r.Grade, r.Letter, r.Level,
                        r.Subject, .. ev, r.Marks.Select(m => m.LearnerId).ToArray(), r.Marks.Select(m => m.Mark).ToArray(),
                        r.Marks.Select(m => m.Value).ToArray(), r.Marks.Select(m => m.Passing).ToArray(), r.Marks.Select(m => m.Sex).ToArray()]);
                break;
            case MarkCorrected c:
                yield return ($"""
                    with closed as (
                      update {tables}.lrn_marks set to_seq = {seq}
                      where tenant_id = ? and sheet_id = ? and learner_id = ? and term = ? and to_seq is null returning *)
                    insert into {tables}.lrn_marks ({Columns})
                    select tenant_id, sheet_id, learner_id, term, section_id, school_id, school_code, municipality, school_year, grade, letter, level,
                           subject, sex, ?, ?::numeric, ?, to_seq
                    from closed
                    """, [.. ev, tenant, c.SheetId, c.LearnerId, c.Term, c.To, (object?)c.Value ?? DBNull.Value, c.Passing]);
                break;
        }
    }
}

/// <summary>Keeps <c>lrn_marks</c> in step with the events, inline, in the same transaction.</summary>
public sealed class MarkFactsProjection(string schema) : IProjection
{
    private readonly EventStatementsProjection _inline = new(new MarkFactsStatements(schema, schema));

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        _inline.ApplyAsync(operations, events, cancellation);
}

/// <summary><c>lrn_marks</c> rebuilt from the event log by running, event by event in sequence order, the inline projection's statements.</summary>
internal sealed class MarkFactsReadModel(IDocumentStore store) : IReadModel
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["learning.marks_recorded"] = typeof(MarksRecorded),
        ["learning.mark_corrected"] = typeof(MarkCorrected),
    };

    public string Name => "mark-figures";

    public string Description => "marks as intervals of event sequence, for figures as of any sequence (lrn_marks)";

    public IReadOnlyList<string> EventTypes => [.. Types.Keys];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("lrn_marks", ["tenant_id", "sheet_id", "learner_id", "term", "from_seq"],
            ["section_id", "school_id", "school_code", "municipality", "school_year", "grade", "letter", "level", "subject", "sex", "mark", "value",
                "passing", "to_seq"], Generated: ["id"]),
    ];

    public Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct) => EventStatementReplay.ReplayAsync(rebuild, store, Types,
        new MarkFactsStatements(rebuild.TargetSchema, rebuild.EventSchema), largeEvents: false, ct);
}
