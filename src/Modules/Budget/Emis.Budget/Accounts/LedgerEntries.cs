using Marten;
using Npgsql;

namespace Emis.Budget.Accounts;

/// <summary>An entry of the ledger as a reversal or a payment decides on it.</summary>
/// <param name="Amount">The entry's own signed amount.</param>
/// <param name="Reversed">The signed sum of the reversals of this entry (opposite in sign to <paramref name="Amount"/>).</param>
public sealed record LedgerEntry(Guid EntryId, Guid AccountId, int FiscalYear, EntryKind Kind, Guid? CommitmentId, Guid? Reverses, decimal Amount,
    decimal Reversed, string? Reference, DateOnly On)
{
    public bool IsReversal => Reverses is not null;

    /// <summary>What of the entry still stands: its amount less what was reversed of it (0 once wholly reversed).</summary>
    public decimal Remaining => Amount + Reversed;
}

/// <summary>A commitment's standing: committed net of its reversals, and paid against it net of theirs.</summary>
public sealed record CommitmentState(Guid CommitmentId, Guid AccountId, string Reference, decimal Committed, decimal Paid)
{
    public decimal Outstanding => Committed - Paid;
}

/// <summary>Reads entries and commitments from the ledger (<c>bud_entries</c>) for the decisions that need them.</summary>
public sealed class LedgerEntries(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<LedgerEntry?> EntryAsync(string tenant, Guid entryId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select e.entry_id, e.account_id, e.fiscal_year, e.kind, e.commitment_id, e.reverses, e.amount,
              coalesce((select sum(r.amount) from {_schema}.bud_entries r where r.tenant_id = e.tenant_id and r.reverses = e.entry_id), 0),
              e.reference, e.on_date
            from {_schema}.bud_entries e where e.tenant_id = $1 and e.entry_id = $2
            """);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = entryId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new LedgerEntry(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), Enum.Parse<EntryKind>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetDecimal(6), reader.GetDecimal(7),
            reader.IsDBNull(8) ? null : reader.GetString(8), DateOnly.FromDateTime(reader.GetDateTime(9)));
    }

    public async Task<bool> ExistsAsync(string tenant, Guid entryId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select 1 from {_schema}.bud_entries where tenant_id = $1 and entry_id = $2");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = entryId });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<CommitmentState?> CommitmentAsync(string tenant, Guid commitmentId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select c.account_id, c.reference,
              coalesce(sum(e.amount) filter (where e.kind = 'Commitment'), 0), coalesce(sum(e.amount) filter (where e.kind = 'Payment'), 0)
            from {_schema}.bud_entries c
            join {_schema}.bud_entries e on e.tenant_id = c.tenant_id and e.commitment_id = c.entry_id
            where c.tenant_id = $1 and c.entry_id = $2 and c.kind = 'Commitment' and c.reverses is null
            group by c.account_id, c.reference
            """);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = commitmentId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new CommitmentState(commitmentId, reader.GetGuid(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetDecimal(2),
            reader.GetDecimal(3));
    }

    /// <summary>The standing of many commitments at once (those that exist), as <see cref="CommitmentAsync"/> reads one: for an import.</summary>
    public async Task<Dictionary<Guid, CommitmentState>> CommitmentsAsync(string tenant, IReadOnlyCollection<Guid> commitmentIds,
        CancellationToken ct)
    {
        var result = new Dictionary<Guid, CommitmentState>();
        if (commitmentIds.Count == 0) return result;
        await using var command = database.CreateCommand($"""
            select c.entry_id, c.account_id, c.reference,
              coalesce(sum(e.amount) filter (where e.kind = 'Commitment'), 0), coalesce(sum(e.amount) filter (where e.kind = 'Payment'), 0)
            from {_schema}.bud_entries c
            join {_schema}.bud_entries e on e.tenant_id = c.tenant_id and e.commitment_id = c.entry_id
            where c.tenant_id = $1 and c.entry_id = any($2) and c.kind = 'Commitment' and c.reverses is null
            group by c.entry_id, c.account_id, c.reference
            """);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = commitmentIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            result[id] = new CommitmentState(id, reader.GetGuid(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetDecimal(3),
                reader.GetDecimal(4));
        }
        return result;
    }

    /// <summary>Which of <paramref name="entryIds"/> are recorded (reversals aside), with each one's kind and own amount: for an import.</summary>
    public async Task<Dictionary<Guid, (EntryKind Kind, decimal Amount)>> RecordedAsync(string tenant, IReadOnlyCollection<Guid> entryIds,
        CancellationToken ct)
    {
        var result = new Dictionary<Guid, (EntryKind, decimal)>();
        if (entryIds.Count == 0) return result;
        await using var command = database.CreateCommand(
            $"select entry_id, kind, amount from {_schema}.bud_entries where tenant_id = $1 and entry_id = any($2) and reverses is null");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = entryIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = (Enum.Parse<EntryKind>(reader.GetString(1)), reader.GetDecimal(2));
        return result;
    }
}
