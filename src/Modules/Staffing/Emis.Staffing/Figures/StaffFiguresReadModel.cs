using Emis.Platform.ReadModels;
using Emis.Staffing.Staff;
using Emis.Staffing.Standards;
using Marten;

namespace Emis.Staffing.Figures;

/// <summary>
/// The staff figures' tables (<see cref="StaffFiguresTables"/>) rebuilt from the event log by running, event by event in
/// sequence order, the very statements the inline projection runs (<see cref="StaffFiguresStatements"/>): the rows are
/// the same by construction. Staff events are few (thousands per jurisdiction), so replaying them one by one is cheap.
/// </summary>
internal sealed class StaffFiguresReadModel(IDocumentStore store) : IReadModel
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["staffing.staff_member_registered"] = typeof(StaffMemberRegistered),
        ["staffing.staff_details_corrected"] = typeof(StaffDetailsCorrected),
        ["staffing.qualification_recorded"] = typeof(QualificationRecorded),
        ["staffing.certification_recorded"] = typeof(CertificationRecorded),
        ["staffing.training_recorded"] = typeof(TrainingRecorded),
        ["staffing.contract_started"] = typeof(ContractStarted),
        ["staffing.contract_ended"] = typeof(ContractEnded),
        ["staffing.teacher_standards_set"] = typeof(TeacherStandardsSet),
    };

    private static readonly string[] Person = ["sex", "birth_date", "highest_qualification", "certified", "pre_service", "in_service_hours"];

    public string Name => "staff-figures";

    public string Description => "staff figures: members of staff's attributes, posts and teacher standards as intervals (stf_* tables)";

    public IReadOnlyList<string> EventTypes => [.. Types.Keys];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("stf_facts", ["tenant_id", "staff_id"], Person),
        new("stf_posts", ["tenant_id", "contract_id", "from_seq"],
            ["staff_id", "school_id", "school_code", "municipality", "level", "role", "contract_type", "fte", .. Person, "valid_from", "valid_to",
                "to_seq"], Generated: ["id"]),
        new("stf_standards", ["tenant_id", "level", "from_seq"],
            ["first_grade", "last_grade", "min_qualification", "certification_required", "min_in_service_hours", "valid_from", "valid_to", "to_seq"],
            Generated: ["id"]),
    ];

    public async Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var events = new List<(string Tenant, Guid Stream, Guid Id, object Data)>();
        await using (var command = rebuild.Command($"""
            select tenant_id, stream_id, id, type, data from {rebuild.EventSchema}.mt_events
            where type = any($1) and seq_id <= $2 order by seq_id
            """, Types.Keys.ToArray(), rebuild.UpTo))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                events.Add((reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2), serializer.FromJson(Types[reader.GetString(3)], reader, 4)));
            }
        }
        var statements = new StaffFiguresStatements(rebuild.TargetSchema, rebuild.EventSchema);
        long read = 0;
        foreach (var (tenant, stream, id, data) in events)
        {
            foreach (var (sql, args) in statements.For(tenant, stream, id, data))
            {
                await using var command = rebuild.Command(StaffFiguresStatements.Positional(sql), args);
                await command.ExecuteNonQueryAsync(ct);
            }
            if (++read % 1000 == 0) rebuild.Report(read);
        }
        rebuild.Report(read);
        return read;
    }
}
