using System.Globalization;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Learning.Rules;

/// <summary>Whether a scale's marks are numbers (1–5) or words (early grades: "exceeds", "meets", "not yet").</summary>
public enum ScaleKind
{
    Numeric,
    Descriptive,
}

/// <summary>A mark of a scale: its code as a teacher writes it, its label, its value on a numeric scale, and whether it passes.</summary>
public sealed record MarkDefinition(string Code, string Label, decimal? Value, bool Passing);

/// <summary>A level's grading scale.</summary>
public sealed record GradingScale(string Level, ScaleKind Kind, IReadOnlyList<MarkDefinition> Marks)
{
    public MarkDefinition? Mark(string code) => Marks.FirstOrDefault(m => string.Equals(m.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>"1, 2, 3, 4, 5" — the codes, for a message.</summary>
    public string Codes => string.Join(", ", Marks.Select(m => m.Code));
}

/// <summary>A term of the school year as the jurisdiction names it (first half-year, …).</summary>
public sealed record TermDefinition(string Code, string Name);

/// <summary>The grading scale of one level was set (it replaces the level's previous scale for marks recorded from now on).</summary>
public sealed record GradingScaleSet(Guid RulesId, string Level, ScaleKind Kind, IReadOnlyList<MarkDefinition> Marks);

/// <summary>The jurisdiction's terms and its promotion rule were set.</summary>
/// <param name="MakeUpSubjectsAllowed">A learner failing at most this many subjects may sit make-up exams instead of repeating.</param>
public sealed record AssessmentCalendarSet(Guid RulesId, IReadOnlyList<TermDefinition> Terms, int MakeUpSubjectsAllowed);

/// <summary>A jurisdiction's assessment rules: grading scales per level, terms, and the promotion rule. One stream per jurisdiction.</summary>
public sealed class AssessmentRulesView
{
    /// <summary>The term code of the final (year-end) mark, always there besides the jurisdiction's terms.</summary>
    public const string Final = "FINAL";

    private static readonly Guid Namespace = new("8a3d2f61-5c0e-4b7a-9e14-6f2b8c0d3a75");

    public Guid Id { get; set; }
    public List<GradingScale> Scales { get; set; } = [];
    public List<TermDefinition> Terms { get; set; } = [];
    public int MakeUpSubjectsAllowed { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public static Guid IdFor(string jurisdiction) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{jurisdiction.ToLowerInvariant()}/assessment-rules"));

    public GradingScale? ScaleOf(string? level) => level is null ? null : Scales.FirstOrDefault(s => s.Level == level);

    /// <summary>A term's code as stored (upper case), when it is FINAL or one of the jurisdiction's terms; else null.</summary>
    public string? TermOf(string term)
    {
        var code = term.Trim().ToUpperInvariant();
        return code == Final || Terms.Any(t => t.Code == code) ? code : null;
    }
}

public sealed class AssessmentRulesProjection : SingleStreamProjection<AssessmentRulesView, Guid>
{
    public static AssessmentRulesView Create(IEvent<GradingScaleSet> e) => Apply(e, new AssessmentRulesView { Id = e.StreamId });

    public static AssessmentRulesView Create(IEvent<AssessmentCalendarSet> e) => Apply(e, new AssessmentRulesView { Id = e.StreamId });

    public static AssessmentRulesView Apply(IEvent<GradingScaleSet> e, AssessmentRulesView view)
    {
        view.Scales = [.. view.Scales.Where(s => s.Level != e.Data.Level), new GradingScale(e.Data.Level, e.Data.Kind, e.Data.Marks)];
        view.Scales.Sort((a, b) => string.CompareOrdinal(a.Level, b.Level));
        return Stamp(e, view);
    }

    public static AssessmentRulesView Apply(IEvent<AssessmentCalendarSet> e, AssessmentRulesView view)
    {
        view.Terms = [.. e.Data.Terms];
        view.MakeUpSubjectsAllowed = e.Data.MakeUpSubjectsAllowed;
        return Stamp(e, view);
    }

    private static AssessmentRulesView Stamp(IEvent e, AssessmentRulesView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
