using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>One row of every import: its result (the report line) and, for a row held for review, its draft.</summary>
internal static class ImportTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var rows = new Table(new PostgresqlObjectName(schema, "imp_rows", SchemaUtils.IdentifierUsage.General));
        rows.AddColumn<string>("tenant_id").AsPrimaryKey();
        rows.AddColumn<Guid>("import_id").AsPrimaryKey();
        rows.AddColumn<int>("row").AsPrimaryKey();
        rows.AddColumn<string>("status").NotNull();
        rows.AddColumn<string>("school_code").AllowNulls();
        rows.AddColumn<string>("municipality").AllowNulls();
        rows.AddColumn<Guid>("learner_id").AllowNulls();
        rows.AddColumn("result", "jsonb").NotNull();
        rows.AddColumn("draft", "jsonb").AllowNulls();
        rows.Indexes.Add(new IndexDefinition("ix_imp_rows_review") { Columns = ["tenant_id", "import_id", "row"], Predicate = "status = 'review'" });
        yield return rows;
    }
}
