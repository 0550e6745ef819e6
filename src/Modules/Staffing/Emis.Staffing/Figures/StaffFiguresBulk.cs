using Emis.Platform.Events;
using Emis.Staffing.Staff;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Staffing.Figures;

/// <summary>
/// Keeps the staff figures' tables in step with events written by a <see cref="BulkWrite"/> (an import), which bypasses the
/// inline projections. The write must have flushed its events: rows carry their sequence numbers and the write's timestamp.
/// A new stream as an import starts it — registered, a contract, then at most one qualification — is folded in memory into
/// exactly the rows <see cref="StaffFiguresStatements"/> would leave (the facts; the post opened by the contract, and when a
/// qualification follows, that post closed and opened again with it) and written by binary COPY; any other stream goes
/// through the statements themselves, in one batch. The rebuild test compares both with a rebuild from the events.
/// </summary>
public static class StaffFiguresBulk
{
    public static async Task WriteAsync(BulkWrite write, IReadOnlyList<(Guid Stream, long Version, object Data)> events, CancellationToken ct)
    {
        var copied = new List<(Guid Staff, IReadOnlyList<(long Version, object Data)> Events)>();
        var others = new List<(Guid Stream, long Version, object Data)>();
        foreach (var stream in events.GroupBy(e => e.Stream))
        {
            var ordered = stream.OrderBy(e => e.Version).Select(e => (e.Version, e.Data)).ToList();
            if (ImportShaped(ordered)) copied.Add((stream.Key, ordered));
            else others.AddRange(ordered.Select(e => (stream.Key, e.Version, e.Data)));
        }
        if (copied.Count > 0) await CopyAsync(write, copied, ct);
        if (others.Count > 0) await StatementsAsync(write, others, ct);
    }

    /// <summary>Registered (version 1), a contract (version 2), and nothing or one qualification (version 3).</summary>
    private static bool ImportShaped(List<(long Version, object Data)> events) =>
        events.Count is 2 or 3 && events[0] is (1, StaffMemberRegistered) && events[1] is (2, ContractStarted)
        && (events.Count == 2 || events[2] is (3, QualificationRecorded));

    private static async Task CopyAsync(BulkWrite write, List<(Guid Staff, IReadOnlyList<(long Version, object Data)> Events)> streams,
        CancellationToken ct)
    {
        var tenant = write.Tenant;
        await using (var facts = await write.Connection.BeginBinaryImportAsync($"""
            copy {write.Schema}.stf_facts (tenant_id, staff_id, sex, birth_date, highest_qualification, certified, pre_service, in_service_hours)
            from stdin (format binary)
            """, ct))
        {
            foreach (var (staff, events) in streams)
            {
                var registered = (StaffMemberRegistered)events[0].Data;
                await facts.StartRowAsync(ct);
                await facts.WriteAsync(tenant, NpgsqlDbType.Varchar, ct);
                await facts.WriteAsync(staff, NpgsqlDbType.Uuid, ct);
                await facts.WriteAsync(Constant.Of(registered.Sex), NpgsqlDbType.Varchar, ct);
                await facts.WriteAsync(registered.BirthDate, NpgsqlDbType.Date, ct);
                await facts.WriteAsync(Qualification(events), NpgsqlDbType.Integer, ct);
                await facts.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await facts.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await facts.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
            }
            await facts.CompleteAsync(ct);
        }

        await using var posts = await write.Connection.BeginBinaryImportAsync($"""
            copy {write.Schema}.stf_posts (tenant_id, staff_id, contract_id, school_id, school_code, municipality, level, role, contract_type,
              fte, sex, birth_date, highest_qualification, certified, pre_service, in_service_hours, valid_from, valid_to, from_seq, to_seq)
            from stdin (format binary)
            """, ct);
        foreach (var (staff, events) in streams)
        {
            var registered = (StaffMemberRegistered)events[0].Data;
            var started = (ContractStarted)events[1].Data;
            var opened = write.SequenceOf(staff, 2);
            long? requalified = events.Count == 3 ? write.SequenceOf(staff, 3) : null;
            await Post(0, opened, requalified);
            if (requalified is { } seq) await Post(Qualification(events), seq, null);

            async Task Post(int qualification, long from, long? to)
            {
                await posts.StartRowAsync(ct);
                await posts.WriteAsync(tenant, NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(staff, NpgsqlDbType.Uuid, ct);
                await posts.WriteAsync(started.ContractId, NpgsqlDbType.Uuid, ct);
                await posts.WriteAsync(started.SchoolId, NpgsqlDbType.Uuid, ct);
                await posts.WriteAsync(started.SchoolCode, NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(started.Municipality, NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(Constant.Of(started.Level), NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(Constant.Of(started.Role), NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(Constant.Of(started.Type), NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(started.Fte, NpgsqlDbType.Numeric, ct);
                await posts.WriteAsync(Constant.Of(registered.Sex), NpgsqlDbType.Varchar, ct);
                await posts.WriteAsync(registered.BirthDate, NpgsqlDbType.Date, ct);
                await posts.WriteAsync(qualification, NpgsqlDbType.Integer, ct);
                await posts.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await posts.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await posts.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await posts.WriteAsync(write.Now, NpgsqlDbType.TimestampTz, ct);
                if (to is null) await posts.WriteNullAsync(ct);
                else await posts.WriteAsync(write.Now, NpgsqlDbType.TimestampTz, ct);
                await posts.WriteAsync(from, NpgsqlDbType.Bigint, ct);
                if (to is { } end) await posts.WriteAsync(end, NpgsqlDbType.Bigint, ct);
                else await posts.WriteNullAsync(ct);
            }
        }
        await posts.CompleteAsync(ct);
    }

    private static int Qualification(IReadOnlyList<(long Version, object Data)> events) =>
        events.Count == 3 ? Math.Max(0, ((QualificationRecorded)events[2].Data).IscedLevel) : 0;

    private static async Task StatementsAsync(BulkWrite write, List<(Guid Stream, long Version, object Data)> events, CancellationToken ct)
    {
        var statements = new StaffFiguresStatements(write.Schema, write.Schema);
        await using var batch = new NpgsqlBatch(write.Connection);
        foreach (var (stream, version, data) in events)
        {
            foreach (var (sql, args) in statements.For(write.Tenant, write.SequenceOf(stream, version), write.Now, data))
            {
                var command = new NpgsqlBatchCommand(StaffFiguresStatements.Positional(sql));
                foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
                batch.BatchCommands.Add(command);
            }
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
