using Emis.Assets.Devices;
using Emis.Assets.Proposals;
using Emis.Assets.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Platform.Text;
using Marten;
using Npgsql;

namespace Emis.Assets.Figures;

/// <summary>What asset figures are grouped by.</summary>
public enum AssetDimension
{
    Municipality,
    School,
    Level,
    DeviceType,
    State,
}

/// <summary>Narrows asset figures.</summary>
/// <param name="MinimumMbps">The bandwidth a school needs at least (instead of the norm per learner × its learners).</param>
public sealed record AssetFiguresFilter(string? Municipality = null, Guid? SchoolId = null, string? Level = null, DeviceType? DeviceType = null,
    DeviceState? State = null, decimal? MinimumMbps = null)
{
    public static readonly AssetFiguresFilter None = new();
}

/// <summary>One group's asset figures: the grouped dimensions' values (null for the others) and the figures.</summary>
/// <param name="Devices">Devices in the inventory (not written off).</param>
/// <param name="LearnersPerDevice">Learners enrolled ÷ working computers (laptops, tablets, desktops; or the device type asked).</param>
/// <param name="ClassroomsWithDevice">100 × classrooms with a working device in them ÷ classrooms in use.</param>
/// <param name="BrokenOrLost">100 × devices that broke or were lost or stolen in the school year ÷ devices registered (written off too).</param>
/// <param name="SchoolsReporting">Schools that answered the school year's basic-services census.</param>
/// <param name="BelowBandwidth">100 × schools whose bandwidth down is below what they need ÷ schools whose connection is recorded (a school recorded
/// as having none, type NONE, is below).</param>
public sealed record AssetFiguresRow(
    string? Municipality, Guid? SchoolId, string? SchoolCode, string? Level, DeviceType? DeviceType, DeviceState? State,
    long Devices, long WorkingDevices, long? Learners, Figure LearnersPerDevice, long? Classrooms, Figure ClassroomsWithDevice,
        long BrokenOrLostDevices,
    Figure BrokenOrLost, long? SchoolsReporting, Figure Electricity, Figure Internet, Figure Computers, Figure AdaptedForDisabilities,
    Figure DrinkingWater, Figure SingleSexSanitation, Figure Handwashing, long? ConnectionsRecorded, Figure BelowBandwidth);

public sealed record AssetFiguresAnswer(string SchoolYear, DateTimeOffset? AsOf, long Sequence, decimal? MbpsPerLearner,
    IReadOnlyList<AssetFiguresRow> Rows);

/// <summary>
/// Asset figures as of an event sequence number N (adr/0030), from Assets' interval tables open at N and Enrollment's learners
/// at N: per school first, in SQL, then summed into the groups asked. Ministry, analysts and partners see the jurisdiction; a
/// municipality officer their municipality; a school's admin and teachers their school.
/// </summary>
public sealed class AssetFiguresQueries(NpgsqlDataSource database, IDocumentStore store, IEnrolledLearnerCounts enrolled)
{
    private static readonly DeviceType[] Computers = [DeviceType.Laptop, DeviceType.Tablet, DeviceType.Desktop];
    private static readonly string[] Incidents = [nameof(DeviceState.Broken), nameof(DeviceState.Lost), nameof(DeviceState.Stolen)];

    private readonly string _schema = store.Options.DatabaseSchemaName;

    private sealed record Place(Guid Id, string Code, string Municipality, string Level);

    private sealed record Services(bool Electricity, bool Internet, bool Computers, bool Disabilities, bool Water, bool Sanitation, bool Handwashing);

    private sealed class School(Place place)
    {
        public Place Place { get; set; } = place;
        public Dictionary<(DeviceType, DeviceState), long> Devices { get; } = [];
        public Dictionary<(DeviceType, DeviceState), long> Incidents { get; } = [];
        public long Classrooms { get; set; }
        public long ClassroomsWithAny { get; set; }
        public Dictionary<DeviceType, long> ClassroomsWith { get; } = [];
        public Services? Services { get; set; }
        public decimal? DownMbps { get; set; }
        public long Learners { get; set; }
    }

    private sealed class Group
    {
        public long Devices;
        public long Inventory;
        public long Working;
        public long WorkingComputers;
        public long Incidents;
        public long Learners;
        public long Classrooms;
        public long ClassroomsWith;
        public long Reporting;
        public readonly long[] Has = new long[7];
        public long Connected;
        public long Below;
        public bool Schools;
    }

    public async Task<AssetFiguresAnswer> FiguresAsync(Caller caller, string schoolYear, IReadOnlyList<AssetDimension> groupBy,
        AssetFiguresFilter filter,
        DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        var dims = groupBy.Distinct().ToHashSet();
        var schools = await SchoolsAsync(caller, schoolYear, sequence, ct);
        decimal? perLearner;
        await using (var session = store.QuerySession(caller.Jurisdiction))
        {
            perLearner = (await ProposalCalculator.NormsAsOfAsync(session, caller.Jurisdiction, sequence, ct)).MbpsPerLearner;
        }
        var inScope = schools.Values.Where(s => caller.CanSeeSchool(s.Place.Municipality, s.Place.Code)
            && (filter.Municipality is null || string.Equals(s.Place.Municipality, filter.Municipality, StringComparison.OrdinalIgnoreCase))
            && (filter.SchoolId is null || s.Place.Id == filter.SchoolId)
            && (filter.Level is null || string.Equals(s.Place.Level, filter.Level, StringComparison.OrdinalIgnoreCase))).ToList();
        var byType = dims.Contains(AssetDimension.DeviceType);
        var byState = dims.Contains(AssetDimension.State);
        var types = inScope.SelectMany(s => s.Devices.Keys.Concat(s.Incidents.Keys)).Select(k => k.Item1)
            .Where(t => filter.DeviceType is null || t == filter.DeviceType).Distinct().Order().ToList();

        var groups = new SortedDictionary<string, (AssetFiguresRow Key, Group Sums)>(StringComparer.Ordinal);
        Group At(Place p, DeviceType? type, DeviceState? state)
        {
            var key = new AssetFiguresRow(dims.Contains(AssetDimension.Municipality) || dims.Contains(AssetDimension.School) ? p.Municipality : null,
                dims.Contains(AssetDimension.School) ? p.Id : null, dims.Contains(AssetDimension.School) ? p.Code : null,
                dims.Contains(AssetDimension.Level) ? p.Level : null, byType ? type : null, byState ? state : null, 0, 0, null, null!, null, null!, 0,
                null!, null, null!, null!, null!, null!, null!, null!, null!, null, null!);
            var sort = $"{key.Municipality}|{key.SchoolCode}|{key.Level}|{key.DeviceType:D}|{key.State:D}";
            if (!groups.TryGetValue(sort, out var found)) groups[sort] = found = (key, new Group());
            return found.Sums;
        }

        foreach (var school in inScope)
        {
            foreach (var ((type, state), n) in school.Devices)
            {
                if ((filter.DeviceType is { } t && t != type) || (filter.State is { } s && s != state)) continue;
                var g = At(school.Place, type, state);
                g.Inventory += n;
                if (state != DeviceState.WrittenOff) g.Devices += n;
                if (state != DeviceState.Working) continue;
                g.Working += n;
                if (filter.DeviceType is not null || byType || Computers.Contains(type)) g.WorkingComputers += n;
            }
            foreach (var ((type, state), n) in school.Incidents)
            {
                if ((filter.DeviceType is { } t && t != type) || (filter.State is { } s && s != state)) continue;
                At(school.Place, type, state).Incidents += n;
            }
            if (byState) continue;
            // School-level figures: once per school in its group (per device type asked when grouped by type).
            foreach (var type in byType ? types.Cast<DeviceType?>() : [filter.DeviceType])
            {
                var g = At(school.Place, type, null);
                g.Schools = true;
                g.Learners += school.Learners;
                g.Classrooms += school.Classrooms;
                g.ClassroomsWith += type is { } only ? school.ClassroomsWith.GetValueOrDefault(only) : school.ClassroomsWithAny;
                if (byType) continue;
                if (school.Services is { } sv)
                {
                    g.Reporting++;
                    bool[] flags = [sv.Electricity, sv.Internet, sv.Computers, sv.Disabilities, sv.Water, sv.Sanitation, sv.Handwashing];
                    for (var i = 0; i < flags.Length; i++) g.Has[i] += flags[i] ? 1 : 0;
                }
                // What a school needs: the minimum asked, or the norm per learner × its learners. A school without learners that year
                // has no need by the norm: it is left out (not counted as meeting it), unless it has no connection at all.
                var need = filter.MinimumMbps ?? (school.Learners > 0 ? perLearner * school.Learners : null);
                if (school.DownMbps is { } down && (need is not null || down == 0))
                {
                    g.Connected++;
                    if (down == 0 || down < need) g.Below++;
                }
            }
        }

        var threshold = filter.MinimumMbps is not null || perLearner is not null;
        var rows = groups.Values.Select(x =>
        {
            var (k, g) = x;
            var schoolLevel = !byState && g.Schools;
            string? services = byState ? "basic services are a school's, not a device state's"
                : byType ? "basic services are a school's, not a device type's" : null;
            Figure Service(int i) => services is not null ? Figure.Undefined(services) : Figure.Ratio(g.Has[i], g.Reporting,
                "no school answered the census", 100);
            return k with
            {
                Devices = g.Devices,
                WorkingDevices = g.Working,
                Learners = schoolLevel ? g.Learners : null,
                LearnersPerDevice = schoolLevel ? Figure.Ratio(g.Learners, g.WorkingComputers, "no working computers")
                    : Figure.Undefined("learners per device is over working devices, not by state"),
                Classrooms = schoolLevel ? g.Classrooms : null,
                ClassroomsWithDevice = schoolLevel ? Figure.Ratio(g.ClassroomsWith, g.Classrooms, "no classrooms registered", 100)
                    : Figure.Undefined("classrooms are counted with working devices, not by state"),
                BrokenOrLostDevices = g.Incidents,
                BrokenOrLost = byState ? Figure.Undefined("a share of the whole inventory, not of a state's devices")
                    : Figure.Ratio(g.Incidents, g.Inventory, "no devices", 100),
                SchoolsReporting = services is null ? g.Reporting : null,
                Electricity = Service(0),
                Internet = Service(1),
                Computers = Service(2),
                AdaptedForDisabilities = Service(3),
                DrinkingWater = Service(4),
                SingleSexSanitation = Service(5),
                Handwashing = Service(6),
                ConnectionsRecorded = services is null ? g.Connected : null,
                BelowBandwidth = services is not null ? Figure.Undefined(services.Replace("basic services are", "a connection is",
                    StringComparison.Ordinal))
                    : !threshold ? Figure.Undefined("no bandwidth norm (setBandwidthNorm) and no minimumMbps asked")
                    : Figure.Ratio(g.Below, g.Connected, "no school has a connection recorded and learners enrolled", 100),
            };
        }).ToList();
        return new AssetFiguresAnswer(schoolYear, asOf, sequence, perLearner, rows);
    }

    /// <summary>Every school with something at sequence N: devices, incidents of the year, rooms, its census answer, its connection,
    /// learners.</summary>
    private async Task<Dictionary<Guid, School>> SchoolsAsync(Caller caller, string schoolYear, long sequence, CancellationToken ct)
    {
        var schools = new Dictionary<Guid, School>();
        School Of(Guid id, string code, string municipality, string level)
        {
            if (!schools.TryGetValue(id, out var school)) schools[id] = school = new School(new Place(id, code, municipality, level));
            return school;
        }
        var latest = new Dictionary<Guid, Place>();
        var (from, to) = SchoolYear.Days(schoolYear);
        const string open = "from_seq <= $2 and (to_seq is null or to_seq > $2)";
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select 'D', school_id, school_code, municipality, level, type, state, count(*), null::numeric from {_schema}.ast_devices
              where tenant_id = $1 and {open} group by 2, 3, 4, 5, 6, 7
            union all
            select 'I', school_id, school_code, municipality, level, type, state, count(*), null from (
              select distinct on (device_id) school_id, school_code, municipality, level, type, state from {_schema}.ast_devices
              where tenant_id = $1 and from_seq <= $2 and state = any($4) and state_since between $5 and $6
              order by device_id, from_seq desc) i
              group by 2, 3, 4, 5, 6, 7
            union all
            select 'R', school_id, school_code, municipality, level, null, null, count(*), null from {_schema}.ast_rooms
              where tenant_id = $1 and kind = 'Classroom' and {open} group by 2, 3, 4, 5
            union all
            select 'W', r.school_id, r.school_code, r.municipality, r.level, d.type, null, count(distinct r.room_id), null
              from {_schema}.ast_rooms r
              join {_schema}.ast_devices d on d.tenant_id = r.tenant_id and d.room_id = r.room_id and d.state = 'Working'
                and d.from_seq <= $2 and (d.to_seq is null or d.to_seq > $2)
              where r.tenant_id = $1 and r.kind = 'Classroom' and r.from_seq <= $2 and (r.to_seq is null or r.to_seq > $2)
              group by 2, 3, 4, 5, 6
            union all
            select 'A', r.school_id, r.school_code, r.municipality, r.level, null, null, count(distinct r.room_id), null
              from {_schema}.ast_rooms r
              join {_schema}.ast_devices d on d.tenant_id = r.tenant_id and d.room_id = r.room_id and d.state = 'Working'
                and d.from_seq <= $2 and (d.to_seq is null or d.to_seq > $2)
              where r.tenant_id = $1 and r.kind = 'Classroom' and r.from_seq <= $2 and (r.to_seq is null or r.to_seq > $2)
              group by 2, 3, 4, 5
            union all
            select 'S', school_id, school_code, municipality, level, electricity || '|' || internet,
                   concat_ws('|', computers, ramps and toilets and materials, water, sanitation, handwashing), 1, null from {_schema}.ast_services
              where tenant_id = $1 and school_year = $3 and {open}
            union all
            select 'C', school_id, school_code, municipality, level, type, null, 1, down_mbps from {_schema}.ast_connections
              where tenant_id = $1 and {open}
            union all
            {AssetFactsTables.PlacesAsOf(_schema, "$1", "$2")}
            """, connection))
        {
            command.Parameters.Add(new() { Value = caller.Jurisdiction });
            command.Parameters.Add(new() { Value = sequence });
            command.Parameters.Add(new() { Value = schoolYear });
            command.Parameters.Add(new() { Value = Incidents });
            command.Parameters.Add(new() { Value = from });
            command.Parameters.Add(new() { Value = to });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var school = Of(reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                // A school's rows may carry an older place (it moved): counts are summed, and it stands where its newest row says.
                if (reader.GetString(0) == "P")
                {
                    latest[school.Place.Id] = new Place(school.Place.Id, reader.GetString(2), reader.GetString(3), reader.GetString(4));
                    continue;
                }
                var a = reader.IsDBNull(5) ? null : reader.GetString(5);
                var b = reader.IsDBNull(6) ? null : reader.GetString(6);
                var n = reader.GetInt64(7);
                switch (reader.GetString(0))
                {
                    case "D":
                        Add(school.Devices, (Enum.Parse<DeviceType>(a!), Enum.Parse<DeviceState>(b!)), n);
                        break;
                    case "I":
                        Add(school.Incidents, (Enum.Parse<DeviceType>(a!), Enum.Parse<DeviceState>(b!)), n);
                        break;
                    case "R":
                        school.Classrooms += n;
                        break;
                    case "A":
                        // Classrooms with any working device (a classroom with a laptop and a projector counts once).
                        school.ClassroomsWithAny += n;
                        break;
                    case "W":
                        Add(school.ClassroomsWith, Enum.Parse<DeviceType>(a!), n);
                        break;
                    case "S":
                        var supply = a!.Split('|');
                        var (power, internet) = (supply[0], supply[1]);
                        var f = b!.Split('|').Select(x => x is "t" or "true").ToArray();
                        // 4.a.1 counts Internet for pedagogical purposes when pupils can use it (UIS), not staff-only access.
                        school.Services = new Services(power != "None", internet == "Pupils", f[0], f[1], f[2], f[3], f[4]);
                        break;
                    case "C":
                        school.DownMbps = reader.GetDecimal(8);
                        break;
                }
            }
        }
        foreach (var (id, place) in latest) schools[id].Place = place;
        var counts = await enrolled.CountAsync(caller, schoolYear, sequence, ct);
        // A school with learners but no asset recorded yet takes its level from Assets' copy of the school (read only then).
        var levels = counts.Any(c => !schools.ContainsKey(c.SchoolId)) ? await LevelsAsync(caller.Jurisdiction, ct) : [];
        foreach (var count in counts)
        {
            Of(count.SchoolId, count.SchoolCode, count.Municipality, levels.GetValueOrDefault(count.SchoolId) ?? "").Learners += count.Count;
        }
        return schools;
    }

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key, long n) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    private async Task<Dictionary<Guid, string>> LevelsAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        return (await session.Query<AssetsSchool>().ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Level);
    }
}
