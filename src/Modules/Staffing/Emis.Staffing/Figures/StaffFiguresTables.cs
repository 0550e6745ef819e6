using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Staffing.Figures;

/// <summary>
/// Staff figures' read model: plain tables PostgreSQL can select by sequence number (adr/0013, adr/0020):
/// <list type="bullet">
/// <item><c>stf_facts</c>: each member of staff's current attributes that figures use (sex, birth date, highest ISCED
/// qualification, certified, pre-service training, in-service hours) — the source new post rows copy;</item>
/// <item><c>stf_posts</c>: every state of every contract as an interval, with the member of staff's attributes at the
/// time; a change of those attributes closes the open rows of that member of staff and opens new ones;</item>
/// <item><c>stf_standards</c>: every level standard as an interval, a new set of standards closing the previous one.</item>
/// </list>
/// Intervals carry event time (<c>valid_from</c>/<c>valid_to</c>) and event sequence (<c>from_seq</c>/<c>to_seq</c>).
/// Maintained inline by <see cref="StaffFiguresProjection"/> in the transaction that appends the events.
/// </summary>
internal static class StaffFiguresTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var facts = new Table(new PostgresqlObjectName(schema, "stf_facts", SchemaUtils.IdentifierUsage.General));
        facts.AddColumn<string>("tenant_id").AsPrimaryKey();
        facts.AddColumn<Guid>("staff_id").AsPrimaryKey();
        Person(facts);
        yield return facts;

        var posts = new Table(new PostgresqlObjectName(schema, "stf_posts", SchemaUtils.IdentifierUsage.General));
        posts.AddColumn("id", "bigserial").AsPrimaryKey();
        posts.AddColumn<string>("tenant_id").NotNull();
        posts.AddColumn<Guid>("staff_id").NotNull();
        posts.AddColumn<Guid>("contract_id").NotNull();
        posts.AddColumn<Guid>("school_id").NotNull();
        posts.AddColumn<string>("school_code").NotNull();
        posts.AddColumn<string>("municipality").NotNull();
        posts.AddColumn<string>("level").NotNull();
        posts.AddColumn<string>("role").NotNull();
        posts.AddColumn<string>("contract_type").NotNull();
        posts.AddColumn("fte", "numeric").NotNull();
        Person(posts);
        Intervals(posts);
        posts.Indexes.Add(new IndexDefinition("ix_stf_posts_open") { Columns = ["tenant_id", "staff_id"], Predicate = "to_seq is null" });
        posts.Indexes.Add(new IndexDefinition("ix_stf_posts_seq") { Columns = ["tenant_id", "from_seq"] });
        yield return posts;

        var standards = new Table(new PostgresqlObjectName(schema, "stf_standards", SchemaUtils.IdentifierUsage.General));
        standards.AddColumn("id", "bigserial").AsPrimaryKey();
        standards.AddColumn<string>("tenant_id").NotNull();
        standards.AddColumn<string>("level").NotNull();
        standards.AddColumn<int>("first_grade").NotNull();
        standards.AddColumn<int>("last_grade").NotNull();
        standards.AddColumn<int>("min_qualification").NotNull();
        standards.AddColumn<bool>("certification_required").NotNull();
        standards.AddColumn("min_in_service_hours", "numeric").AllowNulls();
        Intervals(standards);
        standards.Indexes.Add(new IndexDefinition("ix_stf_standards_open") { Columns = ["tenant_id"], Predicate = "to_seq is null" });
        yield return standards;
    }

    private static void Person(Table table)
    {
        table.AddColumn<string>("sex").NotNull();
        table.AddColumn("birth_date", "date").NotNull();
        table.AddColumn<int>("highest_qualification").NotNull();
        table.AddColumn<bool>("certified").NotNull();
        table.AddColumn<bool>("pre_service").NotNull();
        table.AddColumn("in_service_hours", "numeric").NotNull();
    }

    /// <summary>Event time and event sequence; <c>from_seq</c> is required so that a writer forgetting it fails (adr/0013).</summary>
    private static void Intervals(Table table)
    {
        table.AddColumn("valid_from", "timestamptz").NotNull();
        table.AddColumn("valid_to", "timestamptz").AllowNulls();
        table.AddColumn<long>("from_seq").NotNull();
        table.AddColumn<long>("to_seq").AllowNulls();
    }
}
