using System.Globalization;
using Emis.Budget.Accounts;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Schools;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;
using Npgsql;

namespace Emis.Budget.Figures;

/// <summary>What budget figures are grouped by.</summary>
public enum BudgetDimension
{
    Municipality,
    School,
    Level,
    Holder,
    Line,
    Category,
    Source,
    Month,
}

/// <summary>Narrows budget figures.</summary>
public sealed record BudgetFiguresFilter(string? Municipality = null, Guid? SchoolId = null, string? Level = null, HolderKind? Holder = null,
    string? Line = null, EconomicCategory? Category = null, string? Source = null)
{
    public static readonly BudgetFiguresFilter None = new();
}

/// <summary>One group's money: the grouped dimensions' values (null for the others) and the sums, with the ratios made of them.</summary>
/// <param name="Budget">Planned + amended: the budget as it stands.</param>
/// <param name="Outstanding">Committed and not paid yet.</param>
/// <param name="Available">Budget − committed − paid without a commitment.</param>
/// <param name="ExecutionRate">100 × spent ÷ budget.</param>
/// <param name="ExpenditurePerLearner">Spent ÷ learners enrolled in the schools the group covers (UIS's expenditure per pupil, in the year's
/// currency).</param>
/// <param name="CapitalIctShare">100 × spent on capital/ICT lines ÷ spent.</param>
/// <param name="Overrides">Entries recorded beyond what their line had available, by a ministry override.</param>
public sealed record BudgetFiguresRow(
    string? Municipality, Guid? SchoolId, string? SchoolCode, string? Level, HolderKind? Holder, string? Line, EconomicCategory? Category,
    string? Source, string? Month,
    decimal Planned, decimal Amended, decimal Budget, decimal Committed, decimal Spent, decimal Outstanding, decimal Available,
    Figure ExecutionRate, long? Learners, Figure ExpenditurePerLearner, Figure CapitalIctShare, long Overrides);

/// <param name="Sequence">The event sequence number the money was summed at.</param>
/// <param name="EnrolmentSchoolYear">Whose learners the per-learner figures divide by.</param>
/// <param name="EnrolmentSequence">The sequence number the learners were counted at.</param>
public sealed record BudgetFiguresAnswer(int FiscalYear, string Currency, DateTimeOffset? AsOf, long Sequence, string EnrolmentSchoolYear,
    long EnrolmentSequence, IReadOnlyList<BudgetFiguresRow> Rows);

/// <summary>
/// Budget figures as of an event sequence number N (adr/0032): sums of the ledger's entries with <c>seq &lt;= N</c>, grouped in SQL, within
/// the caller's scope; learners from Enrollment at the same N. The ministry, analysts and partners see the jurisdiction; a municipality
/// officer their municipality's own budget and their schools'; a school admin their school's.
/// </summary>
public sealed class BudgetFiguresQueries(NpgsqlDataSource database, IDocumentStore store, IEnrolledLearnerCounts enrolled)
{
    private const int MaxAnswers = 2_000;

    private readonly string _schema = store.Options.DatabaseSchemaName;

    /// <summary>How long an answer is shared: callers asking within it share one computation.</summary>
    private const long ShareMilliseconds = 1_000;

    /// <summary>
    /// Answers by scope, question and sequence number, shared for a second: callers asking the same question in the same scope at the
    /// same sequence at once share one computation, so 64 dashboards of a canton cost one sum over the ledger, not 64. The key carries
    /// the caller's whole scope; a change moves the sequence and so the key.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Until, Lazy<Task<BudgetFiguresAnswer?>> Answer)> _answers =
        new();

    private static readonly Dictionary<BudgetDimension, string[]> Columns = new()
    {
        [BudgetDimension.Municipality] = ["a.municipality"],
        [BudgetDimension.School] = ["a.school_id", "a.school_code"],
        [BudgetDimension.Level] = ["a.level"],
        [BudgetDimension.Holder] = ["a.holder_kind"],
        [BudgetDimension.Line] = ["a.line"],
        [BudgetDimension.Category] = ["a.category"],
        [BudgetDimension.Source] = ["a.source"],
        [BudgetDimension.Month] = ["to_char(e.on_date, 'YYYY-MM')"],
    };

    /// <summary>The school year whose learners a fiscal year's money is divided by: the one its first day falls in.</summary>
    public static string SchoolYearOf(FiscalYearView year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var start = year.StartsOn.Month >= 9 ? year.StartsOn.Year : year.StartsOn.Year - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{start}/{start + 1}");
    }

    public async Task<BudgetFiguresAnswer?> FiguresAsync(Caller caller, int fiscalYear, IReadOnlyList<BudgetDimension> groupBy,
        BudgetFiguresFilter filter, string? schoolYear, DateTimeOffset? asOf, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        var key = string.Join('|', caller.ScopeKey, fiscalYear, string.Join(',', groupBy.Distinct().Order()), filter, schoolYear, sequence);
        if (_answers.Count > MaxAnswers) _answers.Clear();
        var now = Environment.TickCount64;
        (long Until, Lazy<Task<BudgetFiguresAnswer?>> Answer) Fresh() => (now + ShareMilliseconds, new Lazy<Task<BudgetFiguresAnswer?>>(() =>
            ComputeAsync(caller, fiscalYear, groupBy, filter, schoolYear, sequence, CancellationToken.None)));
        var shared = _answers.AddOrUpdate(key, _ => Fresh(), (_, old) => old.Until > now && !(old.Answer.IsValueCreated && old.Answer.Value.IsFaulted)
            ? old : Fresh());
        return await shared.Answer.Value.WaitAsync(ct) is { } answer ? answer with { AsOf = asOf } : null;
    }

    private async Task<BudgetFiguresAnswer?> ComputeAsync(Caller caller, int fiscalYear, IReadOnlyList<BudgetDimension> groupBy,
        BudgetFiguresFilter filter, string? schoolYear, long sequence, CancellationToken ct)
    {
        FiscalYearView? year;
        List<BudgetSchool> schools;
        await using (var session = store.QuerySession(caller.Jurisdiction))
        {
            year = await session.LoadAsync<FiscalYearView>(FiscalYearView.IdFor(caller.Jurisdiction, fiscalYear), ct);
            schools = [.. await session.Query<BudgetSchool>().ToListAsync(ct)];
        }
        if (year is null) return null;
        var learnersYear = schoolYear ?? SchoolYearOf(year);
        var dims = groupBy.Distinct().Order().ToList();
        if (dims.Contains(BudgetDimension.School) && !dims.Contains(BudgetDimension.Municipality)) dims.Insert(0, BudgetDimension.Municipality);
        var sums = await SumsAsync(caller, fiscalYear, dims, filter, sequence, ct);
        var learners = await LearnersAsync(caller, learnersYear, sequence, schools, filter, ct);
        var rows = sums.Select(s => Row(s, dims, learners, learnersYear)).ToList();
        return new BudgetFiguresAnswer(year.Year, year.Currency, null, sequence, learnersYear, sequence, rows);
    }

    private sealed record Sums(string?[] Keys, decimal Planned, decimal Amended, decimal Committed, decimal Spent, decimal PaidOnCommitments,
        decimal CapitalIct, long Overrides);

    private async Task<List<Sums>> SumsAsync(Caller caller, int fiscalYear, List<BudgetDimension> dims, BudgetFiguresFilter filter, long sequence,
        CancellationToken ct)
    {
        var keys = dims.SelectMany(d => Columns[d]).ToList();
        var where = new List<string> { "e.tenant_id = $1", "e.fiscal_year = $2", "e.seq <= $3" };
        var args = new List<object> { caller.Jurisdiction, fiscalYear, sequence };
        string Arg(object value)
        {
            args.Add(value);
            return "$" + args.Count.ToString(CultureInfo.InvariantCulture);
        }
        switch (caller.Role)
        {
            case Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner:
                break;
            case Roles.MunicipalityOfficer:
                where.Add($"a.holder_kind <> 'Central' and lower(a.municipality) = lower({Arg(caller.Municipality?.Trim() ?? "")})");
                break;
            case Roles.SchoolAdmin:
                where.Add($"a.holder_kind = 'School' and upper(a.school_code) = {Arg(caller.NormalisedSchoolCode ?? "")}");
                break;
            default:
                return [];
        }
        if (filter.Municipality is { } m) where.Add($"lower(a.municipality) = lower({Arg(m.Trim())})");
        if (filter.SchoolId is { } school) where.Add($"a.school_id = {Arg(school)}");
        if (filter.Level is { } level) where.Add($"lower(a.level) = lower({Arg(level.Trim())})");
        if (filter.Holder is { } holder) where.Add($"a.holder_kind = {Arg(holder.ToString())}");
        if (filter.Line is { } line) where.Add($"a.line = {Arg(BudgetRules.Code(line) ?? line)}");
        if (filter.Category is { } category) where.Add($"a.category = {Arg(category.ToString())}");
        if (filter.Source is { } source) where.Add($"a.source = {Arg(BudgetRules.Code(source) ?? source)}");
        var select = keys.Count == 0 ? "" : string.Join(", ", keys.Select(k => k.StartsWith("a.school_id",
            StringComparison.Ordinal) ? k + "::text" : k)) + ", ";
        var group = keys.Count == 0 ? "" : "group by " + string.Join(", ", Enumerable.Range(1, keys.Count)) + " order by " +
            string.Join(", ", Enumerable.Range(1, keys.Count).Select(i => $"{i} nulls first"));
        var sql = $"""
            select {select}
              coalesce(sum(e.amount) filter (where e.kind = 'Plan'), 0),
              coalesce(sum(e.amount) filter (where e.kind = 'Amendment'), 0),
              coalesce(sum(e.amount) filter (where e.kind = 'Commitment'), 0),
              coalesce(sum(e.amount) filter (where e.kind = 'Payment'), 0),
              coalesce(sum(e.amount) filter (where e.kind = 'Payment' and e.commitment_id is not null), 0),
              coalesce(sum(e.amount) filter (where e.kind = 'Payment' and a.category = 'CapitalIct'), 0),
              count(*) filter (where e.overridden)
            from {_schema}.bud_entries e
            join {_schema}.bud_accounts a on a.tenant_id = e.tenant_id and a.account_id = e.account_id
            where {string.Join(" and ", where)}
            {group}
            """;
        await using var command = database.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        var result = new List<Sums>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new string?[keys.Count];
            for (var i = 0; i < keys.Count; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            var n = keys.Count;
            result.Add(new Sums(values, reader.GetDecimal(n), reader.GetDecimal(n + 1), reader.GetDecimal(n + 2), reader.GetDecimal(n + 3),
                reader.GetDecimal(n + 4), reader.GetDecimal(n + 5), reader.GetInt64(n + 6)));
        }
        return result;
    }

    /// <summary>Learners by school within the caller's scope and the filter, with each school's municipality and level.</summary>
    private async Task<List<(Guid School, string Municipality, string Level, long Count)>> LearnersAsync(Caller caller, string schoolYear,
        long sequence, List<BudgetSchool> schools, BudgetFiguresFilter filter, CancellationToken ct)
    {
        var levels = schools.ToDictionary(s => s.Id, s => s.Level);
        var counts = await enrolled.CountAsync(caller, schoolYear, sequence, ct);
        return [.. counts.GroupBy(c => (c.SchoolId, c.Municipality)).Select(g => (g.Key.SchoolId, g.Key.Municipality,
                Level: levels.GetValueOrDefault(g.Key.SchoolId) ?? "", Count: g.Sum(c => c.Count)))
            .Where(s => (filter.Municipality is null || string.Equals(s.Municipality, filter.Municipality.Trim(), StringComparison.OrdinalIgnoreCase))
                && (filter.SchoolId is null || s.SchoolId == filter.SchoolId)
                && (filter.Level is null || string.Equals(s.Level, filter.Level.Trim(), StringComparison.OrdinalIgnoreCase))
                && (caller.Role != Roles.SchoolAdmin || schools.Any(x => x.Id == s.SchoolId && string.Equals(x.Code, caller.NormalisedSchoolCode,
                    StringComparison.OrdinalIgnoreCase))))];
    }

    private static BudgetFiguresRow Row(Sums s, List<BudgetDimension> dims, List<(Guid School, string Municipality, string Level,
        long Count)> learners,
        string schoolYear)
    {
        var i = 0;
        string? Next(BudgetDimension d) => dims.Contains(d) ? s.Keys[i++] : null;
        var municipality = Next(BudgetDimension.Municipality);
        var schoolId = dims.Contains(BudgetDimension.School) ? s.Keys[i] : null;
        if (dims.Contains(BudgetDimension.School)) i++;
        var schoolCode = Next(BudgetDimension.School);
        var level = Next(BudgetDimension.Level);
        var holder = Next(BudgetDimension.Holder);
        var line = Next(BudgetDimension.Line);
        var category = Next(BudgetDimension.Category);
        var source = Next(BudgetDimension.Source);
        var month = Next(BudgetDimension.Month);

        var budget = s.Planned + s.Amended;
        var outstanding = s.Committed - s.PaidOnCommitments;
        var available = budget - s.Committed - (s.Spent - s.PaidOnCommitments);
        // Whose learners the group's money is for: the school's, the municipality's, the level's, or everyone's in scope.
        string? undefined = null;
        IEnumerable<(Guid School, string Municipality, string Level, long Count)> covered = learners;
        if (dims.Contains(BudgetDimension.School))
        {
            if (schoolId is null) undefined = "held by a municipality or the ministry, not by a school";
            else covered = covered.Where(l => l.School == Guid.Parse(schoolId));
        }
        else if (dims.Contains(BudgetDimension.Municipality) && municipality is null)
        {
            undefined = "the ministry's central money belongs to no municipality";
        }
        else if (municipality is not null)
        {
            covered = covered.Where(l => string.Equals(l.Municipality, municipality, StringComparison.OrdinalIgnoreCase));
        }
        if (dims.Contains(BudgetDimension.Level) && undefined is null)
        {
            if (level is null) undefined = "held by a municipality or the ministry: it has no level";
            else covered = covered.Where(l => string.Equals(l.Level, level, StringComparison.OrdinalIgnoreCase));
        }
        long? count = undefined is null ? covered.Sum(l => l.Count) : null;
        var perLearner = undefined is not null ? Figure.Undefined(undefined)
            : Figure.Ratio(s.Spent, count!.Value, $"no learners enrolled in {schoolYear} in the schools this covers");
        return new BudgetFiguresRow(municipality, schoolId is null ? null : Guid.Parse(schoolId), schoolCode, level,
            holder is null ? null : Enum.Parse<HolderKind>(holder), line, category is null ? null : Enum.Parse<EconomicCategory>(category),
                source, month,
            s.Planned, s.Amended, budget, s.Committed, s.Spent, outstanding, available,
            month is not null ? Figure.Undefined("a month's spending is not measured against a month's budget: leave MONTH out for execution")
                : Figure.Ratio(s.Spent, budget, "no budget (nothing planned or amended)", 100), count, perLearner,
            Figure.Ratio(s.CapitalIct, s.Spent, "nothing spent", 100), s.Overrides);
    }
}
