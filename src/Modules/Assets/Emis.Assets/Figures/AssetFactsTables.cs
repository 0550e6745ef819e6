using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Assets.Figures;

/// <summary>
/// Assets' figures read model (adr/0030): devices, rooms, basic-services answers and connections as intervals of event sequence
/// (<c>from_seq &lt;= N &lt; to_seq</c> is what stood at sequence N, adr/0013), each row with where it is (school, municipality,
/// level). A change closes the open row and opens one with the new values; at most one row is open per thing.
/// </summary>
internal static class AssetFactsTables
{
    public static IEnumerable<Table> All(string schema)
    {
        var devices = Interval(schema, "ast_devices", "device_id");
        devices.AddColumn<string>("type").NotNull();
        devices.AddColumn<string>("state").NotNull();
        devices.AddColumn<DateOnly>("state_since").NotNull();
        devices.AddColumn<Guid>("room_id").AllowNulls();
        devices.AddColumn<string>("holder").AllowNulls();
        devices.AddColumn<DateOnly>("acquired_on").AllowNulls();
        devices.AddColumn("cost", "numeric").AllowNulls();
        devices.AddColumn<string>("currency").AllowNulls();
        devices.AddColumn<string>("funding").AllowNulls();
        devices.Indexes.Add(new IndexDefinition("ix_ast_devices_school") { Columns = ["tenant_id", "school_id", "from_seq"] });
        yield return devices;

        var rooms = Interval(schema, "ast_rooms", "room_id");
        rooms.AddColumn<string>("kind").NotNull();
        rooms.AddColumn<int>("capacity").AllowNulls();
        yield return rooms;

        var services = Interval(schema, "ast_services", "school_year");
        services.AddColumn<string>("electricity").NotNull();
        services.AddColumn<string>("internet").NotNull();
        foreach (var flag in ServiceFlags) services.AddColumn<bool>(flag).NotNull();
        yield return services;

        var connections = Interval(schema, "ast_connections", "school_key");
        connections.AddColumn<string>("type").NotNull();
        connections.AddColumn("down_mbps", "numeric").NotNull();
        connections.AddColumn("up_mbps", "numeric").NotNull();
        yield return connections;
    }

    /// <summary>
    /// Where each school stood at sequence N, from its newest open row in any of the tables (a school that moved has older rows with
    /// its old municipality): rows <c>'P', school_id, school_code, municipality, level, null, null, from_seq, null</c>, shaped to be
    /// a branch of a figures query's <c>union all</c>. <paramref name="tenant"/> and <paramref name="sequence"/> are placeholders.
    /// </summary>
    public static string PlacesAsOf(string schema, string tenant, string sequence)
    {
        var open = $"tenant_id = {tenant} and from_seq <= {sequence} and (to_seq is null or to_seq > {sequence})";
        var rows = string.Join(" union all ", new[] { "ast_devices", "ast_rooms", "ast_services", "ast_connections" }
            .Select(t => $"select school_id, school_code, municipality, level, from_seq from {schema}.{t} where {open}"));
        return $"""
            select 'P', school_id, school_code, municipality, level, null, null, from_seq, null from (
              select distinct on (school_id) school_id, school_code, municipality, level, from_seq from ({rows}) x
              order by school_id, from_seq desc) p
            """;
    }

    /// <summary>The yes/no services of <c>ast_services</c>, in the order the statements write them.</summary>
    public static readonly string[] ServiceFlags = ["computers", "ramps", "toilets", "materials", "water", "sanitation", "handwashing"];

    /// <summary>A table of intervals of one kind of thing, keyed by <paramref name="key"/> within a school.</summary>
    private static Table Interval(string schema, string name, string key)
    {
        var table = new Table(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "bigserial").AsPrimaryKey();
        table.AddColumn<string>("tenant_id").NotNull();
        table.AddColumn<Guid>("school_id").NotNull();
        if (key != "school_key") table.AddColumn(key, key == "school_year" ? "varchar" : "uuid").NotNull();
        table.AddColumn<string>("school_code").NotNull();
        table.AddColumn<string>("municipality").NotNull();
        table.AddColumn<string>("level").NotNull();
        table.AddColumn<long>("from_seq").NotNull();
        table.AddColumn<long>("to_seq").AllowNulls();
        // One row as it stands per thing: a second would be counted twice, so the write fails instead.
        table.Indexes.Add(new IndexDefinition($"ix_{name}_open")
        {
            Columns = key is "device_id" ? ["tenant_id", key] : key == "school_key" ? ["tenant_id", "school_id"] : ["tenant_id", "school_id", key],
            Predicate = "to_seq is null",
            IsUnique = true,
        });
        table.Indexes.Add(new IndexDefinition($"ix_{name}_seq") { Columns = ["tenant_id", "from_seq"] });
        return table;
    }
}

/// <summary>
/// The statements that keep Assets' interval tables in step with one event, the same inline and in a rebuild
/// (<see cref="IEventStatements"/>). The sequence number is read from <c>mt_events</c> by the event's tenant, stream and id.
/// </summary>
internal sealed class AssetFactsStatements(string tables, string events) : IEventStatements
{
    private const string DeviceColumns =
        "tenant_id, school_id, device_id, school_code, municipality, level, type, state, state_since, room_id, holder, acquired_on, cost, " +
        "currency, " +
        "funding, from_seq";

    public IEnumerable<(string Sql, object[] Args)> For(string tenant, Guid stream, Guid id, object data)
    {
        var seq = $"(select seq_id from {events}.mt_events where tenant_id = ? and stream_id = ? and id = ?)";
        object[] ev = [tenant, stream, id];
        switch (data)
        {
            case DeviceRegistered r:
                yield return ($"""
                    insert into {tables}.ast_devices ({DeviceColumns})
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::numeric, ?, ?, {seq})
                    """, [tenant, r.School.SchoolId, r.DeviceId, r.School.SchoolCode, r.School.Municipality, r.School.SchoolLevel, r.Type.ToString(),
                        r.State.ToString(), r.On, Null(r.RoomId), r.RoomId is null ? DBNull.Value : nameof(HolderKind.Room), Null(r.AcquiredOn),
                        Null(r.Cost), Null(r.Currency), Null(r.FundingSource), .. ev]);
                break;
            case DeviceAssigned a:
                yield return Device(tenant, a.DeviceId, ev, seq, Set("room_id", a.RoomId), Set("holder", a.Kind.ToString()));
                break;
            case DeviceLoaned l:
                yield return Device(tenant, l.DeviceId, ev, seq, Set("room_id", null), Set("holder", nameof(HolderKind.Learner)));
                break;
            case DeviceReturned r:
                yield return Device(tenant, r.DeviceId, ev, seq, Set("room_id", null), Set("holder", null));
                break;
            case DeviceStateChanged c:
                yield return c.To == DeviceState.WrittenOff
                    ? Device(tenant, c.DeviceId, ev, seq, Set("state", c.To.ToString()), Set("state_since", c.On), Set("room_id", null),
                        Set("holder", null))
                    : Device(tenant, c.DeviceId, ev, seq, Set("state", c.To.ToString()), Set("state_since", c.On));
                break;
            case DeviceTransferred t:
                yield return Device(tenant, t.DeviceId, ev, seq, Set("school_id", t.To.SchoolId), Set("school_code", t.To.SchoolCode),
                    Set("municipality", t.To.Municipality), Set("level", t.To.SchoolLevel), Set("room_id", null), Set("holder", null));
                break;
            case RoomRegistered r:
                yield return ($"""
                    insert into {tables}.ast_rooms (tenant_id, school_id, room_id, school_code, municipality, level, kind, capacity, from_seq)
                    values (?, ?, ?, ?, ?, ?, ?, ?::int, {seq})
                    """, [tenant, r.School.SchoolId, r.RoomId, r.School.SchoolCode, r.School.Municipality, r.School.SchoolLevel, r.Kind.ToString(),
                        Null(r.Capacity), .. ev]);
                break;
            case RoomChanged c:
                yield return ($"""
                    with closed as (
                      update {tables}.ast_rooms set to_seq = {seq} where tenant_id = ? and room_id = ? and to_seq is null returning *)
                    insert into {tables}.ast_rooms (tenant_id, school_id, room_id, school_code, municipality, level, kind, capacity, from_seq)
                    select tenant_id, school_id, room_id, school_code, municipality, level, ?, ?::int, to_seq from closed
                    """, [.. ev, tenant, c.RoomId, c.Kind.ToString(), Null(c.Capacity)]);
                break;
            case RoomClosed c:
                yield return ($"update {tables}.ast_rooms set to_seq = {seq} where tenant_id = ? and room_id = ? and to_seq is null",
                    [.. ev, tenant, c.RoomId]);
                break;
            case BasicServicesReported r:
                yield return ($"""
                    update {tables}.ast_services set to_seq = {seq}
                    where tenant_id = ? and school_id = ? and school_year = ? and to_seq is null
                    """, [.. ev, tenant, r.School.SchoolId, r.SchoolYear]);
                var s = r.Services;
                yield return ($"""
                    insert into {tables}.ast_services (tenant_id, school_id, school_year, school_code, municipality, level, electricity, internet,
                      {string.Join(", ", AssetFactsTables.ServiceFlags)}, from_seq)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {seq})
                    """, [tenant, r.School.SchoolId, r.SchoolYear, r.School.SchoolCode, r.School.Municipality, r.School.SchoolLevel,
                        s.Electricity.ToString(), s.Internet.ToString(), s.Computers, s.Ramps, s.AccessibleToilets, s.AdaptedMaterials,
                            s.DrinkingWater,
                        s.SingleSexSanitation, s.Handwashing, .. ev]);
                break;
            case ConnectionRecorded c:
                yield return ($"update {tables}.ast_connections set to_seq = {seq} where tenant_id = ? and school_id = ? and to_seq is null",
                    [.. ev, tenant, c.School.SchoolId]);
                yield return ($"""
                    insert into {tables}.ast_connections (tenant_id, school_id, school_code, municipality, level, type, down_mbps, up_mbps, from_seq)
                    values (?, ?, ?, ?, ?, ?, ?, ?, {seq})
                    """, [tenant, c.School.SchoolId, c.School.SchoolCode, c.School.Municipality, c.School.SchoolLevel, c.Type.ToString(), c.DownMbps,
                        c.UpMbps, .. ev]);
                break;
        }
    }

    /// <summary>Closes a device's open row and opens a copy of it with some columns set anew (column, SQL expression, value).</summary>
    private (string, object[]) Device(string tenant, Guid device, object[] ev, string seq, params (string Column, string Expression,
        object Value)[] set)
    {
        var columns = DeviceColumns.Split(", ")[..^1];
        var select = string.Join(", ", columns.Select(c => set.FirstOrDefault(s => s.Column == c) is { Column: not null } s ? s.Expression : c));
        var values = columns.SelectMany(c => set.Where(s => s.Column == c && s.Expression.Contains('?', StringComparison.Ordinal)).Select(s =>
            s.Value));
        return ($"""
            with closed as (
              update {tables}.ast_devices set to_seq = {seq} where tenant_id = ? and device_id = ? and to_seq is null returning *)
            insert into {tables}.ast_devices ({DeviceColumns})
            select {select}, to_seq from closed
            """, [.. ev, tenant, device, .. values]);
    }

    private static (string, string, object) Set(string column, object? value) => (column, value is null ? "null" : "?", value ?? DBNull.Value);

    private static object Null(object? value) => value ?? DBNull.Value;
}

/// <summary>Keeps Assets' interval tables in step with the events, inline, in the same transaction.</summary>
public sealed class AssetFactsProjection(string schema) : IProjection
{
    private readonly EventStatementsProjection _inline = new(new AssetFactsStatements(schema, schema));

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        _inline.ApplyAsync(operations, events, cancellation);
}

/// <summary>Assets' interval tables rebuilt from the event log by running, event by event in sequence order, the inline projection's
/// statements.</summary>
internal sealed class AssetFactsReadModel(IDocumentStore store) : IReadModel
{
    internal static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["assets.device_registered"] = typeof(DeviceRegistered),
        ["assets.device_assigned"] = typeof(DeviceAssigned),
        ["assets.device_loaned"] = typeof(DeviceLoaned),
        ["assets.device_returned"] = typeof(DeviceReturned),
        ["assets.device_state_changed"] = typeof(DeviceStateChanged),
        ["assets.device_transferred"] = typeof(DeviceTransferred),
        ["assets.room_registered"] = typeof(RoomRegistered),
        ["assets.room_changed"] = typeof(RoomChanged),
        ["assets.room_closed"] = typeof(RoomClosed),
        ["assets.basic_services_reported"] = typeof(BasicServicesReported),
        ["assets.connection_recorded"] = typeof(ConnectionRecorded),
    };

    private static readonly string[] Place = ["school_code", "municipality", "level", "to_seq"];

    public string Name => "asset-figures";

    public string Description => "devices, rooms, basic services and connections as intervals of event sequence (ast_devices, ast_rooms, …)";

    public IReadOnlyList<string> EventTypes => [.. Types.Keys];

    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new("ast_devices", ["tenant_id", "device_id", "from_seq"],
            ["school_id", .. Place, "type", "state", "state_since", "room_id", "holder", "acquired_on", "cost", "currency", "funding"],
                Generated: ["id"]),
        new("ast_rooms", ["tenant_id", "room_id", "from_seq"], ["school_id", .. Place, "kind", "capacity"], Generated: ["id"]),
        new("ast_services", ["tenant_id", "school_id", "school_year", "from_seq"],
            [.. Place, "electricity", "internet", .. AssetFactsTables.ServiceFlags], Generated: ["id"]),
        new("ast_connections", ["tenant_id", "school_id", "from_seq"], [.. Place, "type", "down_mbps", "up_mbps"], Generated: ["id"]),
    ];

    public Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct) => EventStatementReplay.ReplayAsync(rebuild, store, Types,
        new AssetFactsStatements(rebuild.TargetSchema, rebuild.EventSchema), largeEvents: false, ct);
}
