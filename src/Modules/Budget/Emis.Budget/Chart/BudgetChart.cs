using Emis.Budget.Contracts;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Budget.Chart;

/// <summary>The economic classification of a budget line (GFS-style): what the money buys.</summary>
public enum EconomicCategory
{
    Salaries,
    GoodsAndServices,
    Maintenance,

    /// <summary>Capital spending on ICT (computers, networks, software): where purchase proposals are funded.</summary>
    CapitalIct,

    /// <summary>Other capital spending (buildings, furniture, vehicles).</summary>
    Capital,
    Transfers,
    Other,
}

/// <summary>Who provides a funding source's money.</summary>
public enum FundingKind
{
    Ministry,
    Municipality,
    Donor,
    OwnRevenue,
    Other,
}

/// <summary>A budget line of the jurisdiction's chart was defined, or redefined (same code: its name, category or programme changed).</summary>
public sealed record BudgetLineDefined(Guid ChartId, string Code, string Name, EconomicCategory Category, string? Programme);

/// <summary>A funding source was defined or redefined.</summary>
public sealed record FundingSourceDefined(Guid ChartId, string Code, string Name, FundingKind Kind);

public sealed record BudgetLine(string Code, string Name, EconomicCategory Category, string? Programme);

public sealed record FundingSource(string Code, string Name, FundingKind Kind)
{
    /// <summary>How a device bought with this money records its funding source.</summary>
    public string Label => $"{Code} — {Name}";
}

/// <summary>The jurisdiction's chart: its budget lines and funding sources. One stream per jurisdiction.</summary>
public sealed class BudgetChartView
{
    public Guid Id { get; set; }
    public List<BudgetLine> Lines { get; set; } = [];
    public List<FundingSource> Sources { get; set; } = [];
    public long Version { get; set; }

    private static readonly Guid Namespace = new("9a4e1c07-2b6d-4f83-a5e9-71c3d8f0b264");

    public static Guid IdFor(string jurisdiction) => NameBasedGuid.Create(Namespace, $"{jurisdiction.ToLowerInvariant()}/budget-chart");

    public BudgetLine? Line(string? code) => BudgetRules.Code(code) is { } c ? Lines.FirstOrDefault(l => l.Code == c) : null;

    public FundingSource? Source(string? code) => BudgetRules.Code(code) is { } c ? Sources.FirstOrDefault(s => s.Code == c) : null;

    /// <summary>The budget line a command names, or the refusal naming the field.</summary>
    public BudgetLine RequireLine(string code, string field = "line") => Line(code)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"The chart has no budget line '{code}'" +
            (Lines.Count == 0 ? " (it has none yet: defineBudgetLine)." : $"; its lines: {string.Join(", ", Lines.Take(12).Select(l => l.Code))}."));

    public FundingSource RequireSource(string code, string field = "source") => Source(code)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"The chart has no funding source '{code}'" +
            (Sources.Count == 0 ? " (it has none yet: defineFundingSource)."
                : $"; its sources: {string.Join(", ", Sources.Take(12).Select(s => s.Code))}."));
}

public sealed class BudgetChartProjection : SingleStreamProjection<BudgetChartView, Guid>
{
    public static BudgetChartView Create(IEvent<BudgetLineDefined> e) => Apply(e, new BudgetChartView { Id = e.Data.ChartId });

    public static BudgetChartView Create(IEvent<FundingSourceDefined> e) => Apply(e, new BudgetChartView { Id = e.Data.ChartId });

    public static BudgetChartView Apply(IEvent<BudgetLineDefined> e, BudgetChartView view)
    {
        var d = e.Data;
        view.Lines = [.. view.Lines.Where(l => l.Code != d.Code), new BudgetLine(d.Code, d.Name, d.Category, d.Programme)];
        view.Lines.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        view.Version = e.Version;
        return view;
    }

    public static BudgetChartView Apply(IEvent<FundingSourceDefined> e, BudgetChartView view)
    {
        var d = e.Data;
        view.Sources = [.. view.Sources.Where(s => s.Code != d.Code), new FundingSource(d.Code, d.Name, d.Kind)];
        view.Sources.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Define a budget line of the chart, or redefine one by its code (ministry only).</summary>
public sealed record DefineBudgetLine(string Code, string Name, EconomicCategory Category, string? Programme)
{
    public sealed class Validator : AbstractValidator<DefineBudgetLine>
    {
        public Validator()
        {
            RuleFor(x => x.Code).Code("budget line");
            RuleFor(x => x.Name).Text("name", "Computer equipment", 200);
            RuleFor(x => x.Category).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Programme).MaximumLength(200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A programme is at most 200 characters.");
        }
    }
}

/// <summary>Define a funding source, or redefine one by its code (ministry only).</summary>
public sealed record DefineFundingSource(string Code, string Name, FundingKind Kind)
{
    public sealed class Validator : AbstractValidator<DefineFundingSource>
    {
        public Validator()
        {
            RuleFor(x => x.Code).Code("funding source");
            RuleFor(x => x.Name).Text("name", "EU grant for digital schools", 200);
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class BudgetChartHandler
{
    public static async Task<BudgetChangedV1> Handle(DefineBudgetLine command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<BudgetChartView>(BudgetChartView.IdFor(session.TenantId), ct);
        stream.AppendOne(Decide(command, stream.Id, stream.Aggregate));
        return new BudgetChangedV1(session.TenantId, null, "chart_changed");
    }

    public static async Task<BudgetChangedV1> Handle(DefineFundingSource command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<BudgetChartView>(BudgetChartView.IdFor(session.TenantId), ct);
        stream.AppendOne(Decide(command, stream.Id, stream.Aggregate));
        return new BudgetChangedV1(session.TenantId, null, "chart_changed");
    }

    /// <summary>
    /// The definition, or why not: something changes. Accounts keep the category their line had when they opened, so redefining a
    /// line's category does not move money already on it between categories (adr/0032).
    /// </summary>
    public static BudgetLineDefined Decide(DefineBudgetLine command, Guid chartId, BudgetChartView? chart)
    {
        ArgumentNullException.ThrowIfNull(command);
        var code = BudgetRules.Code(command.Code)!;
        var line = new BudgetLine(code, command.Name.Trim(), command.Category,
            string.IsNullOrWhiteSpace(command.Programme) ? null : command.Programme.Trim());
        if (chart?.Line(code) == line) throw new CommandRejectedException(ErrorCodes.Unchanged, "code", $"Budget line {code} is defined so already.");
        return new BudgetLineDefined(chartId, line.Code, line.Name, line.Category, line.Programme);
    }

    public static FundingSourceDefined Decide(DefineFundingSource command, Guid chartId, BudgetChartView? chart)
    {
        ArgumentNullException.ThrowIfNull(command);
        var code = BudgetRules.Code(command.Code)!;
        var source = new FundingSource(code, command.Name.Trim(), command.Kind);
        if (chart?.Source(code) == source) throw new CommandRejectedException(ErrorCodes.Unchanged, "code",
            $"Funding source {code} is defined so already.");
        return new FundingSourceDefined(chartId, source.Code, source.Name, source.Kind);
    }
}
