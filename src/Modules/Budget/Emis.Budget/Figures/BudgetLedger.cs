using Emis.Budget.Accounts;
using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Budget.Figures;

/// <summary>
/// Budget's ledger (adr/0032): one row per account (<c>bud_accounts</c>: year, holder and where it is, line, category, source) and one
/// row per entry (<c>bud_entries</c>: kind, signed amount, date, the event's sequence number). Every figure is a sum over entries with
/// <c>seq &lt;= N</c>: as of N is the same sum cut at N. Entries are only ever added (a reversal is an entry of the opposite sign).
/// </summary>
internal static class BudgetLedgerTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var accounts = new Table(new PostgresqlObjectName(schema, "bud_accounts", SchemaUtils.IdentifierUsage.General));
        accounts.AddColumn<string>("tenant_id").AsPrimaryKey();
        accounts.AddColumn<Guid>("account_id").AsPrimaryKey();
        accounts.AddColumn<int>("fiscal_year").NotNull();
        accounts.AddColumn<string>("holder_kind").NotNull();
        accounts.AddColumn<Guid>("school_id").AllowNulls();
        accounts.AddColumn<string>("school_code").AllowNulls();
        accounts.AddColumn<string>("municipality").AllowNulls();
        accounts.AddColumn<string>("level").AllowNulls();
        accounts.AddColumn<string>("line").NotNull();
        accounts.AddColumn<string>("category").NotNull();
        accounts.AddColumn<string>("source").NotNull();
        accounts.AddColumn<string>("currency").NotNull();
        accounts.AddColumn<long>("seq").NotNull();
        accounts.Indexes.Add(new IndexDefinition("ix_bud_accounts_year") { Columns = ["tenant_id", "fiscal_year"] });
        yield return accounts;

        var entries = new Table(new PostgresqlObjectName(schema, "bud_entries", SchemaUtils.IdentifierUsage.General));
        entries.AddColumn("id", "bigserial").AsPrimaryKey();
        entries.AddColumn<string>("tenant_id").NotNull();
        entries.AddColumn<Guid>("entry_id").NotNull();
        entries.AddColumn<Guid>("account_id").NotNull();
        entries.AddColumn<int>("fiscal_year").NotNull();
        entries.AddColumn<string>("kind").NotNull();
        entries.AddColumn<Guid>("commitment_id").AllowNulls();
        entries.AddColumn<Guid>("reverses").AllowNulls();
        entries.AddColumn("amount", "numeric").NotNull();
        entries.AddColumn<DateOnly>("on_date").NotNull();
        entries.AddColumn<string>("reference").AllowNulls();
        entries.AddColumn<string>("payee_category").AllowNulls();
        entries.AddColumn<string>("payee").AllowNulls();
        entries.AddColumn<string>("description").AllowNulls();
        entries.AddColumn<Guid>("request_id").AllowNulls();
        entries.AddColumn<bool>("overridden").NotNull();
        entries.AddColumn<long>("seq").NotNull();
        // One row per entry: an entry recorded twice (the same document racing itself on two nodes) fails its transaction.
        entries.Indexes.Add(new IndexDefinition("ix_bud_entries_entry") { Columns = ["tenant_id", "entry_id"], IsUnique = true });
        entries.Indexes.Add(new IndexDefinition("ix_bud_entries_year") { Columns = ["tenant_id", "fiscal_year", "seq"] });
        entries.Indexes.Add(new IndexDefinition("ix_bud_entries_commitment")
        {
            Columns = ["tenant_id", "commitment_id"],
            Predicate = "commitment_id is not null"
        });
        entries.Indexes.Add(new IndexDefinition("ix_bud_entries_reverses")
        {
            Columns = ["tenant_id", "reverses"],
            Predicate = "reverses is not null"
        });
        yield return entries;
    }
}

/// <summary>
/// The statements that keep the ledger in step with one event, the same inline and in a rebuild (<see cref="IEventStatements"/>). The
/// sequence number is read from <c>mt_events</c> by the event's tenant, stream and id.
/// </summary>
internal sealed class BudgetLedgerStatements(string tables, string events) : IEventStatements
{
    private const string EntryColumns =
        "tenant_id, entry_id, account_id, fiscal_year, kind, commitment_id, reverses, amount, on_date, reference, payee_category, payee, " +
        "description, request_id, overridden, seq";

    public IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data)
    {
        var seq = $"(select seq_id from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)";
        object[] ev = [tenant, stream, id];
        switch (data)
        {
            case BudgetAccountOpened o:
                yield return ($"""
                    insert into {tables}.bud_accounts (tenant_id, account_id, fiscal_year, holder_kind, school_id, school_code, municipality, level,
                      line, category, source, currency, seq)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {seq})
                    """, [tenant, o.AccountId, o.FiscalYear, o.Holder.Kind.ToString(), Null(o.Holder.SchoolId), Null(o.Holder.SchoolCode),
                        Null(o.Holder.Municipality), Null(o.Holder.Level), o.Line, o.Category.ToString(), o.Source, o.Currency, .. ev]);
                break;
            case BudgetPlanned p:
                yield return Entry(tenant, ev, seq, p.AccountId, p.EntryId, EntryKind.Plan, null, null, p.Amount, p.On, p.Act, null, null, null,
                    null, false);
                break;
            case BudgetAmended a:
                yield return Entry(tenant, ev, seq, a.AccountId, a.EntryId, EntryKind.Amendment, null, null, a.Amount, a.On, a.Act, null, null,
                    a.Reason,
                    a.RequestId, a.Override is not null);
                break;
            case CommitmentRecorded c:
                yield return Entry(tenant, ev, seq, c.AccountId, c.EntryId, EntryKind.Commitment, c.EntryId, null, c.Amount, c.On, c.Reference,
                    c.PayeeCategory, c.Payee, c.Description, c.RequestId, c.Override is not null);
                break;
            case PaymentRecorded p:
                yield return Entry(tenant, ev, seq, p.AccountId, p.EntryId, EntryKind.Payment, p.CommitmentId, null, p.Amount, p.On, p.Reference,
                    p.PayeeCategory, p.Payee, p.Description, null, p.Override is not null);
                break;
            case EntryReversed r:
                yield return Entry(tenant, ev, seq, r.AccountId, r.EntryId, r.Kind, r.CommitmentId, r.ReversedEntryId, r.Amount, r.On, null, null,
                    null,
                    r.Reason, null, r.Override is not null);
                break;
        }
    }

    private (string, object[]) Entry(string tenant, object[] ev, string seq, Guid account, Guid entry, EntryKind kind, Guid? commitment,
        Guid? reverses, decimal amount, DateOnly on, string? reference, PayeeCategory? category, string? payee, string? description, Guid? request,
        bool overridden) =>
        ($"""
            insert into {tables}.bud_entries ({EntryColumns})
            select ?, ?, ?, a.fiscal_year, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {seq}
            from {tables}.bud_accounts a where a.tenant_id = ? and a.account_id = ?
            """, [tenant, entry, account, kind.ToString(), Null(commitment), Null(reverses), amount, on, Null(reference), Null(category?.ToString()),
                Null(payee), Null(description), Null(request), overridden, .. ev, tenant, account]);

    private static object Null(object? value) => value ?? DBNull.Value;
}

/// <summary>Keeps the ledger in step with the events, inline, in the same transaction.</summary>
public sealed class BudgetLedgerProjection(string schema) : IProjection
{
    private readonly EventStatementsProjection _inline = new(new BudgetLedgerStatements(schema, schema));

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        _inline.ApplyAsync(operations, events, cancellation);
}

/// <summary>The ledger rebuilt from the event log by running, event by event in sequence order, the inline projection's statements.</summary>
internal sealed class BudgetLedgerReadModel(IDocumentStore store) : IReadModel
{
    internal static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["budget.account_opened"] = typeof(BudgetAccountOpened),
        ["budget.budget_planned"] = typeof(BudgetPlanned),
        ["budget.budget_amended"] = typeof(BudgetAmended),
        ["budget.commitment_recorded"] = typeof(CommitmentRecorded),
        ["budget.payment_recorded"] = typeof(PaymentRecorded),
        ["budget.entry_reversed"] = typeof(EntryReversed),
    };

    public string Name => "budget-ledger";

    public string Description => "every account and entry of the budget with its sequence number (bud_accounts, bud_entries)";

    public IReadOnlyList<string> EventTypes => [.. Types.Keys];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("bud_accounts", ["tenant_id", "account_id"], ["fiscal_year", "holder_kind", "school_id", "school_code", "municipality", "level", "line",
            "category", "source", "currency", "seq"]),
        new("bud_entries", ["tenant_id", "entry_id"], ["account_id", "fiscal_year", "kind", "commitment_id", "reverses", "amount", "on_date",
            "reference", "payee_category", "payee", "description", "request_id", "overridden", "seq"], Generated: ["id"]),
    ];

    public Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct) => EventStatementReplay.ReplayAsync(rebuild, store, Types,
        new BudgetLedgerStatements(rebuild.TargetSchema, rebuild.EventSchema), largeEvents: false, ct);
}
