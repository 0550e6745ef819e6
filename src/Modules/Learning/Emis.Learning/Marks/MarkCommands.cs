using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Contracts;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Learning.Marks;

/// <summary>A learner's mark as a teacher enters it.</summary>
public sealed record MarkEntry(Guid LearnerId, string Mark);

/// <summary>
/// Record a section's marks in one subject for one term (or the final marks), a class list at once. A learner already marked
/// for the term keeps that mark: change it with <see cref="CorrectMark"/>.
/// </summary>
public sealed record RecordMarks(Guid SectionId, string Subject, string Term, IReadOnlyList<MarkEntry> Marks)
{
    public sealed class Validator : AbstractValidator<RecordMarks>
    {
        public Validator()
        {
            RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
            RuleFor(x => x.Subject).NotEmpty().WithMessage("The subject's code is required.");
            RuleFor(x => x.Term).NotEmpty().WithMessage("The term is required: a term code of the jurisdiction, or FINAL.");
            RuleFor(x => x.Marks).NotEmpty().WithMessage("Give the learners' marks.");
            RuleForEach(x => x.Marks).ChildRules(mark =>
            {
                mark.RuleFor(m => m.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
                mark.RuleFor(m => m.Mark).NotEmpty().WithMessage("The mark is required.");
            });
            RuleFor(x => x.Marks).Must(m => m.Select(x => x.LearnerId).Distinct().Count() == m.Count).WithErrorCode(ErrorCodes.Duplicate)
                .WithMessage("A learner is marked twice.");
        }
    }
}

/// <summary>Change one learner's mark of a term (or final mark) on a sheet; the reason is required.</summary>
public sealed record CorrectMark(Guid SectionId, string Subject, string Term, Guid LearnerId, string Mark, string Reason)
{
    public sealed class Validator : AbstractValidator<CorrectMark>
    {
        public Validator()
        {
            RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
            RuleFor(x => x.Subject).NotEmpty().WithMessage("The subject's code is required.");
            RuleFor(x => x.Term).NotEmpty().WithMessage("The term is required: a term code of the jurisdiction, or FINAL.");
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.Mark).NotEmpty().WithMessage("The mark is required.");
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the mark changes (a make-up exam, a mistake).")
                .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");
        }
    }
}

public static class MarkCommandsHandler
{
    public static async Task<MarksChangedV1> Handle(RecordMarks command, IDocumentSession session, ISectionCatalogue sections,
        IYearEndOutcomes enrollment, CancellationToken ct)
    {
        var section = await MarkRules.SectionAsync(sections, session.TenantId, command.SectionId, ct);
        var rules = await session.LoadAsync<AssessmentRulesView>(AssessmentRulesView.IdFor(session.TenantId), ct);
        var roster = await enrollment.RosterAsync(session.TenantId, section.SchoolId, section.SchoolYear, section.Grade, section.Letter, ct);
        var subject = MarkRules.Subject(section, command.Subject);
        var stream = await session.Events.FetchForWriting<MarkSheetView>(MarkSheetView.IdFor(section.SectionId, subject.Code), ct);
        stream.AppendOne(Decide(command, section, rules, roster, stream.Aggregate));
        return new MarksChangedV1(session.TenantId, section.SectionId, section.SchoolId, section.SchoolYear, "marks_recorded");
    }

    public static async Task<MarksChangedV1> Handle(CorrectMark command, IDocumentSession session, ISectionCatalogue sections,
        CancellationToken ct)
    {
        var section = await MarkRules.SectionAsync(sections, session.TenantId, command.SectionId, ct);
        // A final mark is read by the section's confirmation: take turns with it (the lock is held until commit).
        if (string.Equals(command.Term.Trim(), AssessmentRulesView.Final, StringComparison.OrdinalIgnoreCase))
        {
            await SectionLock.TakeAsync(session, section.SectionId, ct);
        }
        var subject = MarkRules.Subject(section, command.Subject);
        var rules = await session.LoadAsync<AssessmentRulesView>(AssessmentRulesView.IdFor(session.TenantId), ct);
        var stream = await session.Events.FetchForWriting<MarkSheetView>(MarkSheetView.IdFor(section.SectionId, subject.Code), ct);
        var results = await session.LoadAsync<SectionResultsView>(SectionResultsView.IdFor(section.SectionId), ct);
        stream.AppendOne(Decide(command, section, rules, stream.Aggregate, results));
        return new MarksChangedV1(session.TenantId, section.SectionId, section.SchoolId, section.SchoolYear, "mark_corrected");
    }

    /// <summary>
    /// The marks, or why not: an open section with a level and its scale, a subject of its curriculum, a term of the jurisdiction,
    /// learners of the class list not yet marked for the term, and marks of the scale. Every wrong mark is named.
    /// </summary>
    public static MarksRecorded Decide(RecordMarks command, SectionSubjects section, AssessmentRulesView? rules, IReadOnlyList<RosterLearner> roster,
        MarkSheetView? sheet)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(roster);
        if (section.Closed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId", $"Section {section.Grade}{section.Letter} is closed.");
        }
        var subject = MarkRules.Subject(section, command.Subject);
        var scale = MarkRules.Scale(section, rules);
        var term = MarkRules.Term(rules, command.Term);
        var onRoster = roster.ToDictionary(r => r.LearnerId);
        var errors = new List<UserError>();
        var marks = new List<RecordedMark>();
        for (var i = 0; i < command.Marks.Count; i++)
        {
            var entry = command.Marks[i];
            if (!onRoster.TryGetValue(entry.LearnerId, out var learner))
            {
                errors.Add(new UserError("NOT_ON_ROSTER", $"marks[{i}].learnerId",
                    $"Learner {entry.LearnerId} is not in {section.Grade}{section.Letter} for {section.SchoolYear}."));
                continue;
            }
            if (sheet?.MarkOf(entry.LearnerId, term) is { } given)
            {
                errors.Add(new UserError(ErrorCodes.Duplicate, $"marks[{i}].learnerId",
                    $"Learner {entry.LearnerId} already has the {term} mark {given.Mark} in {subject.Code}; change it with correctMark."));
                continue;
            }
            if (scale.Mark(entry.Mark) is not { } mark)
            {
                errors.Add(MarkRules.OffScale($"marks[{i}].mark", entry.LearnerId, entry.Mark, scale));
                continue;
            }
            marks.Add(new RecordedMark(entry.LearnerId, mark.Code, mark.Value, mark.Passing, learner.Sex));
        }
        if (errors.Count > 0) throw new CommandRejectedException(errors);
        return new MarksRecorded(MarkSheetView.IdFor(section.SectionId, subject.Code), section.SectionId, section.SchoolId, section.SchoolCode,
            section.Municipality, section.SchoolYear, section.Grade, section.Letter, scale.Level, subject.Code, term, marks);
    }

    /// <summary>
    /// The correction, or why not: a mark given before, a mark of the scale and a change; a final mark only before the result is
    /// confirmed.
    /// </summary>
    public static MarkCorrected Decide(CorrectMark command, SectionSubjects section, AssessmentRulesView? rules, MarkSheetView? sheet,
        SectionResultsView? results)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        var subject = MarkRules.Subject(section, command.Subject);
        var scale = MarkRules.Scale(section, rules);
        var term = MarkRules.Term(rules, command.Term);
        var given = sheet?.MarkOf(command.LearnerId, term) ?? throw new CommandRejectedException(ErrorCodes.NotFound, "learnerId",
            $"Learner {command.LearnerId} has no {term} mark in {subject.Code} in {section.Grade}{section.Letter}: record it with recordMarks.");
        var mark = scale.Mark(command.Mark)
            ?? throw new CommandRejectedException([MarkRules.OffScale("mark", command.LearnerId, command.Mark, scale)]);
        if (mark.Code == given.Mark)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "mark",
                $"The {term} mark of learner {command.LearnerId} is already {given.Mark}.");
        }
        if (term == AssessmentRulesView.Final && results?.ResultOf(command.LearnerId) is { } confirmed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "term",
                $"Learner {command.LearnerId}'s year-end result is confirmed ({confirmed.Outcome.ToString().ToUpperInvariant()}) "
                + "on these final marks; they can no longer change.");
        }
        return new MarkCorrected(sheet!.Id, command.LearnerId, term, given.Mark, mark.Code, mark.Value, mark.Passing, command.Reason.Trim());
    }
}

/// <summary>What recording and correcting marks share: the section, its subject, its scale and the term.</summary>
internal static class MarkRules
{
    public static async Task<SectionSubjects> SectionAsync(ISectionCatalogue sections, string jurisdiction, Guid sectionId, CancellationToken ct) =>
        await sections.SectionAsync(jurisdiction, sectionId, ct)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, "sectionId", $"There is no class section with id {sectionId}.");

    public static SubjectOffered Subject(SectionSubjects section, string subject)
    {
        var code = subject.Trim().ToUpperInvariant();
        return section.Subjects.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw new CommandRejectedException(ErrorCodes.RuleViolated, "subject", section.Subjects.Count == 0
                ? $"Section {section.Grade}{section.Letter} has no curriculum in force (no programme, or no version for {section.SchoolYear})."
                : $"{code} is not a subject of {section.Grade}{section.Letter}'s curriculum "
                    + $"({string.Join(", ", section.Subjects.Select(s => s.Code))}).");
    }

    public static GradingScale Scale(SectionSubjects section, AssessmentRulesView? rules) =>
        section.Level is null
            ? throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId",
                $"Section {section.Grade}{section.Letter} follows no programme, so it has no level and no grading scale.")
            : rules?.ScaleOf(section.Level) ?? throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId",
                $"There is no grading scale for level {section.Level}: the ministry sets one (setGradingScale).");

    public static string Term(AssessmentRulesView? rules, string term) =>
        (rules ?? new AssessmentRulesView()).TermOf(term) ?? throw new CommandRejectedException(ErrorCodes.Invalid, "term",
            $"'{term}' is not a term of the jurisdiction "
            + $"({string.Join(", ", (rules?.Terms ?? []).Select(t => t.Code).Append(AssessmentRulesView.Final))}).");

    public static UserError OffScale(string field, Guid learnerId, string mark, GradingScale scale) => new(ErrorCodes.Invalid, field,
        $"'{mark}' (learner {learnerId}) is not a mark of the {scale.Level} scale: {scale.Codes}.");
}
