using System.Globalization;
using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Marks;
using Emis.Learning.Rules;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Learning.Results;

/// <summary>What Emis proposes for a learner from their final marks and the jurisdiction's promotion rule.</summary>
public enum ProposedOutcome
{
    /// <summary>No failing final mark: on to the next grade.</summary>
    Promoted,

    /// <summary>No failing final mark in the programme's last grade.</summary>
    Graduated,

    /// <summary>Failing no more subjects than the rule allows make-up exams for: the make-up marks (corrections) decide.</summary>
    MakeUpExams,

    /// <summary>Failing more subjects than make-up exams are allowed for.</summary>
    Repeats,

    /// <summary>A final mark is missing: nothing can be proposed yet.</summary>
    Incomplete,
}

/// <summary>A learner's proposal, and what it stands on.</summary>
public sealed record Proposal(Guid LearnerId, ProposedOutcome Outcome, IReadOnlyList<string> FailingSubjects, IReadOnlyList<string> MissingSubjects);

/// <summary>A learner's confirmed result: the outcome, and the subjects failed at confirmation (a repeat's reasons).</summary>
public sealed record ConfirmedResult(Guid LearnerId, YearEndResult Outcome, IReadOnlyList<string> FailingSubjects);

/// <summary>
/// The school confirmed year-end results of learners of a section; Enrollment's outcomes were recorded in the same transaction.
/// </summary>
/// <param name="Reason">Why an outcome differs from the proposal (free text, withheld from callers without personal data).</param>
public sealed record YearEndResultsConfirmed(
    Guid ResultsId, Guid SectionId, Guid SchoolId, string SchoolCode, string Municipality, string SchoolYear, int Grade, string Letter,
    IReadOnlyList<ConfirmedResult> Results, [PersonalData(PersonalDataHandling.Withhold)] string? Reason);

/// <summary>A section's confirmed results (one stream and document per section).</summary>
public sealed class SectionResultsView
{
    private static readonly Guid Namespace = new("c51f7e08-2a9d-4b36-8e0c-7d3a6f19b248");

    public Guid Id { get; set; }
    public Guid SectionId { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public int Grade { get; set; }
    public List<ConfirmedResult> Results { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public ConfirmedResult? ResultOf(Guid learnerId) => Results.FirstOrDefault(r => r.LearnerId == learnerId);

    public static Guid IdFor(Guid sectionId) => NameBasedGuid.Create(Namespace, sectionId.ToString("N", CultureInfo.InvariantCulture));

    /// <summary>
    /// Each learner's proposal from the final marks of every subject of the section's curriculum: a missing mark makes it
    /// INCOMPLETE; else no failing mark promotes (graduates from the programme's last grade), failing up to
    /// <see cref="AssessmentRulesView.MakeUpSubjectsAllowed"/> subjects sends to make-up exams, more repeats.
    /// </summary>
    public static IReadOnlyList<Proposal> Propose(SectionSubjects section, IReadOnlyList<RosterLearner> roster, IReadOnlyList<MarkSheetView> sheets,
        int makeUpSubjectsAllowed)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(roster);
        var finals = sheets.SelectMany(s => s.Marks.Where(m => m.Term == AssessmentRulesView.Final).Select(m => (s.Subject, Mark: m)))
            .ToLookup(x => x.Mark.LearnerId);
        return [.. roster.Select(learner =>
        {
            var marks = finals[learner.LearnerId].ToDictionary(x => x.Subject, x => x.Mark, StringComparer.OrdinalIgnoreCase);
            var missing = section.Subjects.Where(s => !marks.ContainsKey(s.Code)).Select(s => s.Code).ToList();
            var failing = section.Subjects.Where(s => marks.TryGetValue(s.Code, out var m) && !m.Passing).Select(s => s.Code).ToList();
            var outcome = missing.Count > 0 || section.Subjects.Count == 0 ? ProposedOutcome.Incomplete
                : failing.Count == 0 ? (section.LastGradeOfProgramme ? ProposedOutcome.Graduated : ProposedOutcome.Promoted)
                : failing.Count <= makeUpSubjectsAllowed ? ProposedOutcome.MakeUpExams
                : ProposedOutcome.Repeats;
            return new Proposal(learner.LearnerId, outcome, failing, missing);
        })];
    }
}

public sealed class SectionResultsProjection : SingleStreamProjection<SectionResultsView, Guid>
{
    public static SectionResultsView Create(IEvent<YearEndResultsConfirmed> e) => Apply(e, new SectionResultsView
    {
        Id = e.StreamId,
        SectionId = e.Data.SectionId,
        SchoolId = e.Data.SchoolId,
        SchoolCode = e.Data.SchoolCode,
        Municipality = e.Data.Municipality,
        SchoolYear = e.Data.SchoolYear,
        Grade = e.Data.Grade,
    });

    public static SectionResultsView Apply(IEvent<YearEndResultsConfirmed> e, SectionResultsView view)
    {
        view.Results.AddRange(e.Data.Results);
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
