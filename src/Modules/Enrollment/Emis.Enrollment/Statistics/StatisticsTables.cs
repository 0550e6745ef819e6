using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Enrollment.Statistics;

/// <summary>
/// The statistics read models are plain tables, not documents, so that PostgreSQL can group and count them:
/// <list type="bullet">
/// <item><c>enr_learner_facts</c>: the disaggregation attributes of each learner (no names, no birth dates);</item>
/// <item><c>enr_spells</c>: every enrolment as an interval [valid_from, valid_to) of event time, for time travel;</item>
/// <item><c>enr_counts</c>: the current count per cell of every dimension, for live figures at any scale;</item>
/// <item><c>att_marks</c>: every attendance mark as an interval, corrections closing the mark they replace.</item>
/// <item>intervals carry both event time (<c>valid_from</c>/<c>valid_to</c>) and event sequence (<c>from_seq</c>/<c>to_seq</c>).</item>
/// </list>
/// All are maintained inline by <see cref="EnrollmentFactsProjection"/> in the transaction that appends the events.
/// </summary>
internal static class StatisticsTables
{
    public const string NotCollected = "NOT_COLLECTED";

    /// <summary>The columns that make a statistics cell, in key order.</summary>
    public const string CellColumns =
        "tenant_id, school_year, school_id, school_code, municipality, grade, section, sex, disability, community, displacement, language";

    /// <summary>The columns of a cell of the school-level rollup.</summary>
    public const string RollupColumns = "tenant_id, school_year, school_id, school_code, municipality, grade, sex";

    public static IEnumerable<Table> All(string schema)
    {
        var facts = new Table(new PostgresqlObjectName(schema, "enr_learner_facts", SchemaUtils.IdentifierUsage.General));
        facts.AddColumn<string>("tenant_id").AsPrimaryKey();
        facts.AddColumn<Guid>("learner_id").AsPrimaryKey();
        Dimensions(facts);
        yield return facts;

        var spells = new Table(new PostgresqlObjectName(schema, "enr_spells", SchemaUtils.IdentifierUsage.General));
        spells.AddColumn("id", "bigserial").AsPrimaryKey();
        spells.AddColumn<string>("tenant_id").NotNull();
        spells.AddColumn<Guid>("learner_id").NotNull();
        Placement(spells);
        Dimensions(spells);
        spells.AddColumn("valid_from", "timestamptz").NotNull();
        spells.AddColumn("valid_to", "timestamptz").AllowNulls();
        Sequences(spells);
        spells.Indexes.Add(
            new IndexDefinition("ix_enr_spells_open") { Columns = ["tenant_id", "learner_id", "school_year"], Predicate = "valid_to is null" });
        spells.Indexes.Add(new IndexDefinition("ix_enr_spells_year") { Columns = ["tenant_id", "school_year", "valid_from"] });
        // A class list of any year (IYearEndOutcomes.RosterAsync, read by every recordMarks and year-end confirmation): without it each
        // read scans the year's spells of the whole jurisdiction.
        spells.Indexes.Add(new IndexDefinition("ix_enr_spells_class")
        {
            Columns = ["tenant_id", "school_id", "school_year", "grade", "section"],
            Predicate = "valid_to is null",
        });
        yield return spells;

        var counts = new Table(new PostgresqlObjectName(schema, "enr_counts", SchemaUtils.IdentifierUsage.General));
        counts.AddColumn<string>("tenant_id").AsPrimaryKey();
        counts.AddColumn<string>("school_year").AsPrimaryKey();
        counts.AddColumn<Guid>("school_id").AsPrimaryKey();
        counts.AddColumn<string>("school_code").AsPrimaryKey();
        counts.AddColumn<string>("municipality").AsPrimaryKey();
        counts.AddColumn<int>("grade").AsPrimaryKey();
        counts.AddColumn<string>("section").AsPrimaryKey();
        foreach (var dimension in DimensionColumns) counts.AddColumn<string>(dimension).AsPrimaryKey();
        counts.AddColumn<int>("count").NotNull();
        yield return counts;

        // The same counts rolled up to school × grade × sex (a few thousand rows for a canton): most questions, and
        // every live recomputation of them, need nothing finer.
        var rollup = new Table(new PostgresqlObjectName(schema, "enr_counts_school", SchemaUtils.IdentifierUsage.General));
        rollup.AddColumn<string>("tenant_id").AsPrimaryKey();
        rollup.AddColumn<string>("school_year").AsPrimaryKey();
        rollup.AddColumn<Guid>("school_id").AsPrimaryKey();
        rollup.AddColumn<string>("school_code").AsPrimaryKey();
        rollup.AddColumn<string>("municipality").AsPrimaryKey();
        rollup.AddColumn<int>("grade").AsPrimaryKey();
        rollup.AddColumn<string>("sex").AsPrimaryKey();
        rollup.AddColumn<int>("count").NotNull();
        yield return rollup;

        var marks = new Table(new PostgresqlObjectName(schema, "att_marks", SchemaUtils.IdentifierUsage.General));
        marks.AddColumn("id", "bigserial").AsPrimaryKey();
        marks.AddColumn<string>("tenant_id").NotNull();
        marks.AddColumn<Guid>("class_day_id").NotNull();
        marks.AddColumn<Guid>("learner_id").NotNull();
        marks.AddColumn("day", "date").NotNull();
        Placement(marks);
        Dimensions(marks);
        marks.AddColumn<string>("status").NotNull();
        marks.AddColumn("valid_from", "timestamptz").NotNull();
        marks.AddColumn("valid_to", "timestamptz").AllowNulls();
        Sequences(marks);
        marks.Indexes.Add(
            new IndexDefinition("ix_att_marks_open") { Columns = ["tenant_id", "class_day_id", "learner_id"], Predicate = "valid_to is null" });
        marks.Indexes.Add(new IndexDefinition("ix_att_marks_day") { Columns = ["tenant_id", "school_year", "day"] });
        yield return marks;
    }

    private static readonly string[] DimensionColumns = ["sex", "disability", "community", "displacement", "language"];

    /// <summary>
    /// The interval in event sequence numbers: opened by the event numbered <c>from_seq</c>, closed by <c>to_seq</c>.
    /// Figures as of a sequence number are reproducible where figures as of an instant are not (adr/0013).
    /// <c>from_seq</c> is required so that a writer forgetting it fails instead of writing a row no question can find.
    /// </summary>
    private static void Sequences(Table table)
    {
        table.AddColumn<long>("from_seq").NotNull();
        table.AddColumn<long>("to_seq").AllowNulls();
    }

    private static void Placement(Table table)
    {
        table.AddColumn<string>("school_year").NotNull();
        table.AddColumn<Guid>("school_id").NotNull();
        table.AddColumn<string>("school_code").NotNull();
        table.AddColumn<string>("municipality").NotNull();
        table.AddColumn<int>("grade").NotNull();
        table.AddColumn<string>("section").NotNull();
    }

    private static void Dimensions(Table table)
    {
        foreach (var dimension in DimensionColumns) table.AddColumn<string>(dimension).NotNull();
    }
}
