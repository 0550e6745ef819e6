using System.Globalization;
using Emis.Budget.Accounts;
using Emis.Platform.Auth;
using Marten;
using Npgsql;

namespace Emis.Budget.Figures;

/// <summary>An entry as listed: what it did to which account, when, and (for those who see payees) the document and the payee.</summary>
public sealed record BudgetEntryRow(Guid EntryId, Guid AccountId, EntryKind Kind, bool Reversal, Guid? Reverses, Guid? CommitmentId, decimal Amount,
    DateOnly On, string? Reference, PayeeCategory? PayeeCategory, string? Payee, string? Description, bool Overridden, long Sequence,
        HolderKind Holder,
    string? SchoolCode, string? Municipality, string Line, string Source);

/// <summary>Narrows the entries listed.</summary>
public sealed record BudgetEntriesFilter(Guid? AccountId = null, Guid? CommitmentId = null, EntryKind? Kind = null, string? Municipality = null,
    Guid? SchoolId = null, string? Line = null, string? Source = null, string? Reference = null);

/// <summary>
/// The ledger's entries, newest first, within the caller's scope (<see cref="BudgetAccess.ReadsEntries"/>): analysts without payees and
/// document numbers; partners and teachers none.
/// </summary>
public sealed class BudgetEntriesQuery(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<(IReadOnlyList<BudgetEntryRow> Rows, int Total)> ListAsync(Caller caller, int fiscalYear, BudgetEntriesFilter filter,
        int offset,
        int first, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        if (!BudgetAccess.ReadsEntries(caller)) return ([], 0);
        var where = new List<string> { "e.tenant_id = $1", "e.fiscal_year = $2" };
        var args = new List<object> { caller.Jurisdiction, fiscalYear };
        string Arg(object value)
        {
            args.Add(value);
            return "$" + args.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (caller.Role == Roles.MunicipalityOfficer)
        {
            where.Add($"a.holder_kind <> 'Central' and lower(a.municipality) = lower({Arg(caller.Municipality?.Trim() ?? "")})");
        }
        if (caller.Role == Roles.SchoolAdmin) where.Add(
            $"a.holder_kind = 'School' and upper(a.school_code) = {Arg(caller.NormalisedSchoolCode ?? "")}");
        if (filter.AccountId is { } account) where.Add($"e.account_id = {Arg(account)}");
        if (filter.CommitmentId is { } commitment) where.Add($"e.commitment_id = {Arg(commitment)}");
        if (filter.Kind is { } kind) where.Add($"e.kind = {Arg(kind.ToString())}");
        if (filter.Municipality is { } m) where.Add($"lower(a.municipality) = lower({Arg(m.Trim())})");
        if (filter.SchoolId is { } school) where.Add($"a.school_id = {Arg(school)}");
        if (filter.Line is { } line) where.Add($"a.line = {Arg(BudgetRules.Code(line) ?? line)}");
        if (filter.Source is { } source) where.Add($"a.source = {Arg(BudgetRules.Code(source) ?? source)}");
        // Analysts do not search by document either: a document's number leads to its payee.
        if (filter.Reference is { } reference
            && BudgetAccess.SeesPayees(caller)) where.Add($"upper(e.reference) = {Arg(BudgetDecisions.ReferenceKey(reference))}");
        var from = $"""
            from {_schema}.bud_entries e join {_schema}.bud_accounts a on a.tenant_id = e.tenant_id and a.account_id = e.account_id
            where {string.Join(" and ", where)}
            """;
        var payees = BudgetAccess.SeesPayees(caller);
        await using var connection = await database.OpenConnectionAsync(ct);
        int total;
        await using (var count = new NpgsqlCommand($"select count(*)::int {from}", connection))
        {
            foreach (var arg in args) count.Parameters.Add(new NpgsqlParameter { Value = arg });
            total = (int)(await count.ExecuteScalarAsync(ct))!;
        }
        await using var command = new NpgsqlCommand($"""
            select e.entry_id, e.account_id, e.kind, e.reverses, e.commitment_id, e.amount, e.on_date, e.reference, e.payee_category, e.payee,
              e.description, e.overridden, e.seq, a.holder_kind, a.school_code, a.municipality, a.line, a.source
            {from}
            order by e.seq desc offset {offset} limit {first}
            """, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        var rows = new List<BudgetEntryRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new BudgetEntryRow(reader.GetGuid(0), reader.GetGuid(1), Enum.Parse<EntryKind>(reader.GetString(2)), !reader.IsDBNull(3),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetDecimal(5),
                DateOnly.FromDateTime(reader.GetDateTime(6)), payees ? Text(7) : null, Text(8) is { } c ? Enum.Parse<PayeeCategory>(c) : null,
                payees ? Text(9) : null, payees ? Text(10) : null, reader.GetBoolean(11), reader.GetInt64(12),
                    Enum.Parse<HolderKind>(reader.GetString(13)),
                Text(14), Text(15), reader.GetString(16), reader.GetString(17)));
        }
        return (rows, total);
    }
}
