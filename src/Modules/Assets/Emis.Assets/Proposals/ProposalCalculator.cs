using Emis.Assets.Devices;
using Emis.Assets.Figures;
using Emis.Assets.Norms;
using Emis.Assets.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Marten;
using Npgsql;

namespace Emis.Assets.Proposals;

/// <summary>What a purchase proposal is computed for: a school year's learners, the norms (all when none are named), the schools
/// (all in scope, or one municipality's, or a list), priced in a currency.</summary>
public sealed record ProposalQuestion(string SchoolYear, string Currency, IReadOnlyList<string>? Norms, IReadOnlyList<Guid>? SchoolIds,
    string? Municipality);

/// <summary>One school's need of one device type: what the norms require, what works there, the shortfall and its cost.</summary>
/// <param name="Classrooms">Classrooms in use at the school.</param>
/// <param name="Learners">Learners of the grades the norms of this type count (null when no norm of the type counts learners).</param>
public sealed record ProposalLine(Guid SchoolId, string SchoolCode, string SchoolName, string Municipality, string Level, DeviceType DeviceType,
    long Classrooms, long? Learners, int Required, int Working, int Shortfall, decimal? UnitPrice, decimal? Amount);

/// <summary>A device type's total over the schools.</summary>
public sealed record ProposalTotal(DeviceType DeviceType, int Required, int Working, int Shortfall, decimal? UnitPrice, decimal? Amount);

/// <summary>A computed proposal: the sequence it stands at, its lines and totals, and what could not be priced.</summary>
public sealed record ProposalAnswer(long Sequence, string SchoolYear, string Currency, IReadOnlyList<DeviceNorm> Norms, IReadOnlyList<Guid> SchoolIds,
    IReadOnlyList<ProposalLine> Lines, IReadOnlyList<ProposalTotal> Totals, decimal? Total, IReadOnlyList<string> Problems);

/// <summary>
/// Computes purchase proposals as of an event sequence number (adr/0030): the norms and prices as their stream stood at that
/// number, the classrooms in use and the working devices from Assets' interval tables open at it, the learners from
/// Enrollment's <see cref="IEnrolledLearnerCounts"/> at it. The same question at the same number gives the same answer.
/// </summary>
public sealed class ProposalCalculator(NpgsqlDataSource database, IDocumentStore store, IEnrolledLearnerCounts learners)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<ProposalAnswer> ComputeAsync(Caller caller, ProposalQuestion question, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(question);
        var currency = Platform.Text.CurrencyCode.Of(question.Currency)
            ?? throw new CommandRejectedException(ErrorCodes.Invalid, "currency", "A currency is an ISO 4217 code of three letters (BAM, EUR).");
        await using var session = store.QuerySession(caller.Jurisdiction);
        var norms = await NormsAsOfAsync(session, caller.Jurisdiction, sequence, ct);
        var chosen = Chosen(norms, question.Norms);
        var schools = await SchoolsAsync(session, caller, question, ct);
        var ids = schools.Select(s => s.Id).ToHashSet();

        var classrooms = new Dictionary<Guid, long>();
        var working = new Dictionary<(Guid, DeviceType), int>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select 'R', school_id, '', count(*) from {_schema}.ast_rooms
            where tenant_id = $1 and kind = 'Classroom' and from_seq <= $2 and (to_seq is null or to_seq > $2) group by school_id
            union all
            select 'D', school_id, type, count(*) from {_schema}.ast_devices
            where tenant_id = $1 and state = 'Working' and from_seq <= $2 and (to_seq is null or to_seq > $2) group by school_id, type
            """, connection))
        {
            command.Parameters.Add(new() { Value = caller.Jurisdiction });
            command.Parameters.Add(new() { Value = sequence });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var school = reader.GetGuid(1);
                if (!ids.Contains(school)) continue;
                if (reader.GetString(0) == "R") classrooms[school] = reader.GetInt64(3);
                else if (Enum.TryParse<DeviceType>(reader.GetString(2), out var type)) working[(school, type)] = (int)reader.GetInt64(3);
            }
        }
        // Where each school stood at the sequence (a school that moved or was renamed since keeps its lines where they were).
        var places = new Dictionary<Guid, (string Code, string Municipality, string Level)>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand(
            $"select p.school_id, p.school_code, p.municipality, p.level from ({AssetFactsTables.PlacesAsOf(_schema, "$1", "$2")}) p", connection))
        {
            command.Parameters.Add(new() { Value = caller.Jurisdiction });
            command.Parameters.Add(new() { Value = sequence });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (ids.Contains(reader.GetGuid(0))) places[reader.GetGuid(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
            }
        }
        (string Code, string Municipality, string Level) PlaceOf(AssetsSchool s) =>
            places.TryGetValue(s.Id, out var p) ? p : (s.Code, s.Municipality, s.Level);
        var enrolled = chosen.Any(n => n.Basis == NormBasis.PerLearners)
            ? (await learners.CountAsync(caller, question.SchoolYear, sequence, ct)).Where(c => ids.Contains(c.SchoolId)).ToLookup(c => c.SchoolId)
            : Enumerable.Empty<EnrolledLearnerCount>().ToLookup(c => c.SchoolId);

        var lines = new List<ProposalLine>();
        foreach (var school in schools.OrderBy(s => PlaceOf(s).Municipality, StringComparer.Ordinal)
                     .ThenBy(s => PlaceOf(s).Code, StringComparer.Ordinal).ThenBy(s => s.Id))
        {
            var place = PlaceOf(school);
            var rooms = classrooms.GetValueOrDefault(school.Id);
            foreach (var byType in chosen.GroupBy(n => n.DeviceType).OrderBy(g => g.Key))
            {
                long? counted = null;
                var required = 0;
                foreach (var norm in byType)
                {
                    switch (norm.Basis)
                    {
                        case NormBasis.PerClassroom:
                            required += checked((int)(rooms * norm.Quantity));
                            break;
                        case NormBasis.PerSchool:
                            required += norm.Quantity;
                            break;
                        case NormBasis.PerLearners:
                            var n = enrolled[school.Id].Where(c => Counts(norm, c.Grade)).Sum(c => c.Count);
                            // The learners shown: those of any grade the type's norms per learners count, each once.
                            counted = enrolled[school.Id].Where(c => byType.Any(x => x.Basis == NormBasis.PerLearners && Counts(x, c.Grade)))
                                .Sum(c => c.Count);
                            required += (int)((n + norm.LearnersPerDevice!.Value - 1) / norm.LearnersPerDevice.Value);
                            break;
                    }
                }
                var works = working.GetValueOrDefault((school.Id, byType.Key));
                if (required == 0 && works == 0) continue;
                var shortfall = Math.Max(0, required - works);
                var price = norms.PriceOf(byType.Key, currency);
                lines.Add(new ProposalLine(school.Id, place.Code, school.Name, place.Municipality, place.Level, byType.Key, rooms, counted,
                    required, works, shortfall, price, price * shortfall));
            }
        }
        var totals = lines.GroupBy(l => l.DeviceType).OrderBy(g => g.Key).Select(g =>
        {
            var shortfall = g.Sum(l => l.Shortfall);
            var price = g.First().UnitPrice;
            return new ProposalTotal(g.Key, g.Sum(l => l.Required), g.Sum(l => l.Working), shortfall, price, price * shortfall);
        }).ToList();
        var problems = totals.Where(t => t.Shortfall > 0 && t.UnitPrice is null)
            .Select(t => $"The price list has no price for {Name(t.DeviceType)} in {currency} (setDevicePrice).").ToList();
        return new ProposalAnswer(sequence, question.SchoolYear, currency, chosen, [.. schools.Select(s => s.Id).Order()], lines, totals,
            problems.Count > 0 ? null : totals.Sum(t => t.Amount ?? 0), problems);
    }

    private static bool Counts(DeviceNorm norm, int grade) => grade >= (norm.GradeFrom ?? 0) && grade <= (norm.GradeTo ?? 99);

    /// <summary>The jurisdiction's norms and prices as their stream stood once the events up to <paramref name="sequence"/> were recorded.</summary>
    public static async Task<AssetNormsView> NormsAsOfAsync(IQuerySession session, string jurisdiction, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var id = AssetNormsView.IdFor(jurisdiction);
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var last = events.LastOrDefault(e => e.Sequence <= sequence);
        if (last is null) return new AssetNormsView { Id = id };
        return await session.Events.AggregateStreamAsync<AssetNormsView>(id, version: last.Version, token: ct) ?? new AssetNormsView { Id = id };
    }

    private static List<DeviceNorm> Chosen(AssetNormsView norms, IReadOnlyList<string>? codes)
    {
        if (codes is null || codes.Count == 0)
        {
            return norms.Norms.Count > 0 ? [.. norms.Norms]
                : throw new CommandRejectedException(ErrorCodes.RuleViolated, "norms", "The jurisdiction has no device norms yet (setDeviceNorm).");
        }
        var chosen = new List<DeviceNorm>();
        for (var i = 0; i < codes.Count; i++)
        {
            var norm = norms.Norm(codes[i]) ?? throw new CommandRejectedException(ErrorCodes.NotFound, $"norms[{i}]",
                $"There is no norm {codes[i].Trim().ToUpperInvariant()} "
                + $"({(norms.Norms.Count == 0 ? "none yet" : string.Join(", ", norms.Norms.Select(n => n.Code)))}).");
            if (!chosen.Contains(norm)) chosen.Add(norm);
        }
        return chosen;
    }

    private static async Task<List<AssetsSchool>> SchoolsAsync(IQuerySession session, Caller caller, ProposalQuestion question, CancellationToken ct)
    {
        var all = await session.Query<AssetsSchool>().ToListAsync(ct);
        if (question.SchoolIds is { Count: > 0 } asked)
        {
            var byId = all.Where(s => caller.CanSeeSchool(s.Municipality, s.Code)).ToDictionary(s => s.Id);
            var list = new List<AssetsSchool>();
            for (var i = 0; i < asked.Count; i++)
            {
                list.Add(byId.GetValueOrDefault(asked[i])
                    ?? throw new CommandRejectedException(ErrorCodes.NotFound, $"schoolIds[{i}]", $"There is no school with id {asked[i]}."));
            }
            return [.. list.DistinctBy(s => s.Id)];
        }
        return [.. all.Where(s => !s.IsClosed && caller.CanSeeSchool(s.Municipality, s.Code)
            && (question.Municipality is null || string.Equals(s.Municipality, question.Municipality.Trim(), StringComparison.OrdinalIgnoreCase)))];
    }

    public static string Name(DeviceType type) => type == DeviceType.InteractiveBoard ? "INTERACTIVE_BOARD" : type.ToString().ToUpperInvariant();
}
