using Emis.Platform.Imports;
using Emis.Platform.Privacy;
using Emis.Staffing.Staff.GettingStaff;
using Marten;

namespace Emis.Staffing.Staff.ErasingStaff;

/// <summary>
/// What Staffing keeps about a member of staff outside the event log, for their erasure (adr/0024): the staff profile,
/// rewritten from the events (names and contacts read as erased, the birth date as 1 January of its year), the same
/// birth date in the figures' tables, and the import report rows about them. Retention runs from the last change once
/// no contract is current (<c>Emis:Privacy:Retention:StaffYears</c>).
/// </summary>
internal sealed class StaffPersonalData(RetentionRules rules, ImportRows importRows) : IPersonalDataHolder
{
    public async Task<PersonHeld?> FindAsync(IQuerySession session, Guid person, CancellationToken ct)
    {
        var profile = await session.LoadAsync<StaffProfile>(person, ct);
        return profile is null ? null : new PersonHeld("staffing", profile.Employed, rules.Until(session.TenantId, "Staff", profile.UpdatedAt));
    }

    public async Task EraseAsync(IDocumentSession session, Guid person, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<StaffProfile>(person, token: ct) is { } profile) session.Store(profile);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        foreach (var table in new[] { "stf_facts", "stf_posts" })
        {
            session.QueueSqlCommand(
                $"update {schema}.{table} set birth_date = make_date(extract(year from birth_date)::int, 1, 1) where tenant_id = ? and staff_id = ?",
                session.TenantId, person);
        }
        await importRows.EraseAsync(session, person, ct);
    }
}
