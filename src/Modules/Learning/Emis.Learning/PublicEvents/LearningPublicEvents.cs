using Emis.Learning.Marks;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.EventLog;

namespace Emis.Learning.PublicEvents;

// Learning's public integration events. A child's marks and results are personal: partners without the personal-data grant see
// how many were given and where, never whose or which.

/// <summary>A mark of a scale as published.</summary>
public sealed record MarkDefinitionV1(string Code, string Label, decimal? Value, bool Passing);

/// <summary>A term as published.</summary>
public sealed record TermV1(string Code, string Name);

[PublicEvent("learning.grading_scale_set", 1, "A level's grading scale: its marks, their values and which pass.")]
public sealed record GradingScaleSetV1(string Level, string Kind, IReadOnlyList<MarkDefinitionV1> Marks);

[PublicEvent("learning.assessment_calendar_set", 1, "The jurisdiction's terms and how many failing subjects make-up exams are allowed for.")]
public sealed record AssessmentCalendarSetV1(IReadOnlyList<TermV1> Terms, int MakeUpSubjectsAllowed);

/// <summary>One learner's mark in <see cref="MarksRecordedV1"/>.</summary>
public sealed record LearnerMarkV1(Guid LearnerId, string Mark, bool Passing);

[PublicEvent("learning.marks_recorded", 1, "Marks of a term (or final marks, term FINAL) for learners of a section in a subject.")]
public sealed record MarksRecordedV1(
    Guid SheetId, Guid SectionId, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, string Level, string Subject,
    string Term, int Count, [property: PersonalData(PersonalDataHandling.Withhold)] IReadOnlyList<LearnerMarkV1>? Marks);

[PublicEvent("learning.mark_corrected", 1, "One learner's mark of a term changed on a section's sheet.")]
public sealed record MarkCorrectedV1(
    Guid SheetId, [property: PersonalData(PersonalDataHandling.Withhold)] Guid? LearnerId, string Term,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? From,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? To, [property: PersonalData(PersonalDataHandling.Withhold)] bool? Passing);

/// <summary>One learner's result in <see cref="YearEndResultsConfirmedV1"/>.</summary>
public sealed record LearnerResultV1(Guid LearnerId, string Outcome, IReadOnlyList<string> FailingSubjects);

[PublicEvent("learning.year_end_results_confirmed", 1,
    "A school confirmed year-end results of learners of a section from their final marks (each also an enrollment.year_end_outcome_recorded).")]
public sealed record YearEndResultsConfirmedV1(
    Guid SectionId, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, int Count,
    [property: PersonalData(PersonalDataHandling.Withhold)] IReadOnlyList<LearnerResultV1>? Results);

internal static class LearningPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<GradingScaleSet, GradingScaleSetV1>(
            (e, _) => new(e.Level, PublicEventMap.Name(e.Kind), [.. e.Marks.Select(m => new MarkDefinitionV1(m.Code, m.Label, m.Value, m.Passing))]),
            e => e.RulesId, PublicChange.Updated)
        .Add<AssessmentCalendarSet, AssessmentCalendarSetV1>(
            (e, _) => new([.. e.Terms.Select(t => new TermV1(t.Code, t.Name))], e.MakeUpSubjectsAllowed), e => e.RulesId, PublicChange.Updated)
        .Add<MarksRecorded, MarksRecordedV1>(
            (e, _) => new(e.SheetId, e.SectionId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Grade, e.Letter, e.Level, e.Subject, e.Term,
                e.Marks.Count,
                [.. e.Marks.Select(m => new LearnerMarkV1(m.LearnerId, m.Mark, m.Passing))]),
            e => e.SheetId, PublicChange.Updated)
        .Add<MarkCorrected, MarkCorrectedV1>((e, _) => new(e.SheetId, e.LearnerId, e.Term, e.From, e.To, e.Passing), e => e.SheetId,
            PublicChange.Corrected)
        .Add<YearEndResultsConfirmed, YearEndResultsConfirmedV1>(
            (e, _) => new(e.SectionId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Grade, e.Letter, e.Results.Count,
                [.. e.Results.Select(r => new LearnerResultV1(r.LearnerId, PublicEventMap.Name(r.Outcome), r.FailingSubjects))]),
            e => e.SectionId, PublicChange.Created);
}
