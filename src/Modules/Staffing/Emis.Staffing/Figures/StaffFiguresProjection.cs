using System.Text;
using Emis.Staffing.Staff;
using Emis.Staffing.Standards;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Emis.Staffing.Figures;

/// <summary>
/// The statements that keep the staff figures' tables (<see cref="StaffFiguresTables"/>) in step with one event: the same
/// statements inline (<see cref="StaffFiguresProjection"/>) and in a rebuild (<see cref="StaffFiguresReadModel"/>), so both
/// write the same rows. Every row takes its event's sequence number and timestamp from <c>mt_events</c> by the event's
/// tenant, stream and id (inline projections get events without their sequence number, adr/0013).
/// Placeholders are <c>?</c>, in order.
/// </summary>
internal sealed class StaffFiguresStatements(string tables, string events)
{
    /// <summary>How a statement names its event's timestamp and sequence number, and the arguments those take.</summary>
    private sealed record EventRef(string At, string Seq, object[] AtArgs, object[] SeqArgs);

    private const string PostColumns = "tenant_id, staff_id, contract_id, school_id, school_code, municipality, level, role, contract_type, fte, " +
        "sex, birth_date, highest_qualification, certified, pre_service, in_service_hours, valid_from, from_seq";

    private const string Person = "sex, birth_date, highest_qualification, certified, pre_service, in_service_hours";

    /// <summary>The statements for one event (none for events figures ignore), with their arguments.</summary>
    public IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data) => For(tenant, data, new EventRef(
        $"(select timestamp from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)",
        $"(select seq_id from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)",
        [tenant, stream, id], [tenant, stream, id]));

    /// <summary>The statements for one event whose sequence number and timestamp are known (a bulk write that flushed it).</summary>
    public IEnumerable<(string Sql, object[] Args)> For(string tenant, long sequence, DateTimeOffset timestamp, object data) =>
        For(tenant, data, new EventRef("?::timestamptz", "?::bigint", [timestamp], [sequence]));

    private IEnumerable<(string Sql, object[] Args)> For(string tenant, object data, EventRef at)
    {
        var (when, seq) = (at.At, at.Seq);
        object[] ev = [.. at.AtArgs, .. at.SeqArgs];
        // A member of staff is registered once (their stream's first event): a plain insert, which a rebuild's new tables take too.
        switch (data)
        {
            case StaffMemberRegistered r:
                yield return ($"""
                    insert into {tables}.stf_facts (tenant_id, staff_id, {Person}) values (?, ?, ?, ?, 0, false, false, 0)
                    """, [tenant, r.StaffId, Constant.Of(r.Sex), r.BirthDate]);
                break;
            case StaffDetailsCorrected c:
                yield return ($"update {tables}.stf_facts set sex = ?, birth_date = ? where tenant_id = ? and staff_id = ?",
                    [Constant.Of(c.Sex), c.BirthDate, tenant, c.StaffId]);
                yield return Reopen(at, tenant, c.StaffId);
                break;
            case QualificationRecorded q:
                yield return ($"""
                    update {tables}.stf_facts set highest_qualification = greatest(highest_qualification, ?) where tenant_id = ? and staff_id = ?
                    """, [q.IscedLevel, tenant, q.StaffId]);
                yield return Reopen(at, tenant, q.StaffId);
                break;
            case CertificationRecorded c:
                yield return ($"update {tables}.stf_facts set certified = true where tenant_id = ? and staff_id = ?", [tenant, c.StaffId]);
                yield return Reopen(at, tenant, c.StaffId);
                break;
            case TrainingRecorded t:
                yield return ($"""
                    update {tables}.stf_facts set pre_service = pre_service or ?, in_service_hours = in_service_hours + ?
                    where tenant_id = ? and staff_id = ?
                    """, [t.Kind == TrainingKind.PreService, t.Kind == TrainingKind.InService ? t.Hours : 0m, tenant, t.StaffId]);
                yield return Reopen(at, tenant, t.StaffId);
                break;
            case ContractStarted s:
                yield return ($"""
                    insert into {tables}.stf_posts ({PostColumns})
                    select f.tenant_id, f.staff_id, ?, ?, ?, ?, ?, ?, ?, ?,
                           f.sex, f.birth_date, f.highest_qualification, f.certified, f.pre_service, f.in_service_hours, {when}, {seq}
                    from {tables}.stf_facts f where f.tenant_id = ? and f.staff_id = ?
                    """, [
                        s.ContractId, s.SchoolId, s.SchoolCode, s.Municipality, Constant.Of(s.Level), Constant.Of(s.Role), Constant.Of(s.Type), s.Fte,
                        .. ev, tenant, s.StaffId]);
                break;
            case ContractEnded e:
                yield return ($"""
                    update {tables}.stf_posts set valid_to = {when}, to_seq = {seq} where tenant_id = ? and contract_id = ? and to_seq is null
                    """, [.. ev, tenant, e.ContractId]);
                break;
            case TeacherStandardsSet set:
                yield return ($"update {tables}.stf_standards set valid_to = {when}, to_seq = {seq} where tenant_id = ? and to_seq is null",
                    [.. ev, tenant]);
                yield return ($"""
                    insert into {tables}.stf_standards (tenant_id, level, first_grade, last_grade, min_qualification, certification_required,
                                                        min_in_service_hours, valid_from, from_seq)
                    select ?, u.level, u.first, u.last, u.minq, u.cert, u.hours, {when}, {seq}
                    from unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::bool[], ?::numeric[]) as u(level, first, last, minq, cert, hours)
                    """, [tenant, .. ev, set.Levels.Select(l => Constant.Of(l.Level)).ToArray(),
                        set.Levels.Select(l => l.FirstGrade).ToArray(),
                        set.Levels.Select(l => l.LastGrade).ToArray(), set.Levels.Select(l => l.MinimumQualification).ToArray(),
                        set.Levels.Select(l => l.CertificationRequired).ToArray(), set.Levels.Select(l => l.MinimumInServiceHours).ToArray()]);
                break;
        }
    }

    /// <summary>Marten's <c>?</c> placeholders as Npgsql's <c>$1, $2, …</c> (the statements hold no other question mark).</summary>
    public static string Positional(string sql)
    {
        var result = new StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
        {
            if (c == '?') result.Append('$').Append(++n);
            else result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Closes the member of staff's open posts and opens the same posts with their current attributes.</summary>
    private (string, object[]) Reopen(EventRef e, string tenant, Guid staff) => ($"""
        with closed as (
          update {tables}.stf_posts set valid_to = {e.At}, to_seq = {e.Seq} where tenant_id = ? and staff_id = ? and to_seq is null returning *)
        insert into {tables}.stf_posts ({PostColumns})
        select c.tenant_id, c.staff_id, c.contract_id, c.school_id, c.school_code, c.municipality, c.level, c.role, c.contract_type, c.fte,
               f.sex, f.birth_date, f.highest_qualification, f.certified, f.pre_service, f.in_service_hours, c.valid_to, c.to_seq
        from closed c join {tables}.stf_facts f on f.tenant_id = c.tenant_id and f.staff_id = c.staff_id
        """, [.. e.AtArgs, .. e.SeqArgs, tenant, staff]);
}

/// <summary>Keeps the staff figures' tables in step with the events, inline, in the same transaction.</summary>
public sealed class StaffFiguresProjection(string schema) : IProjection
{
    private readonly StaffFiguresStatements _statements = new(schema, schema);

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            foreach (var (sql, args) in _statements.For(e.TenantId, e.StreamId, e.Id, e.Data)) operations.QueueSqlCommand(sql, args);
        }
        return Task.CompletedTask;
    }
}

/// <summary>How a value is written in the figures' tables and rows: CONSTANT_CASE of the enum's name (ISCED1, FIXED_TERM).</summary>
internal static class Constant
{
    public static string Of<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
