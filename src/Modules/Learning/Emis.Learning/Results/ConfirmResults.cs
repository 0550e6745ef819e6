using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Contracts;
using Emis.Learning.Marks;
using Emis.Learning.Rules;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Learning.Results;

/// <summary>One learner's outcome as the school confirms it.</summary>
public sealed record ResultEntry(Guid LearnerId, YearEndResult Outcome);

/// <summary>
/// Confirm year-end results of learners of a section (all of them, or those whose make-up exams are over). Each outcome must
/// stand on the learner's final marks; one that differs from Emis's proposal needs a reason.
/// </summary>
public sealed record ConfirmYearEndResults(Guid SectionId, IReadOnlyList<ResultEntry> Results, string? Reason)
{
    public sealed class Validator : AbstractValidator<ConfirmYearEndResults>
    {
        public Validator()
        {
            RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
            RuleFor(x => x.Results).NotEmpty().WithMessage("Give the learners' outcomes.");
            RuleForEach(x => x.Results).ChildRules(r =>
            {
                r.RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
                r.RuleFor(x => x.Outcome).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            });
            RuleFor(x => x.Results).Must(r => r.Select(x => x.LearnerId).Distinct().Count() == r.Count).WithErrorCode(ErrorCodes.Duplicate)
                .WithMessage("A learner is given two outcomes.");
            RuleFor(x => x.Reason).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");
        }
    }
}

public static class ConfirmYearEndResultsHandler
{
    public static async Task<OutgoingMessages> Handle(ConfirmYearEndResults command, IDocumentSession session, ISectionCatalogue sections,
        IYearEndOutcomes enrollment, CancellationToken ct)
    {
        var section = await MarkRules.SectionAsync(sections, session.TenantId, command.SectionId, ct);
        await SectionLock.TakeAsync(session, section.SectionId, ct);
        var rules = await session.LoadAsync<AssessmentRulesView>(AssessmentRulesView.IdFor(session.TenantId), ct);
        var roster = await enrollment.RosterAsync(session.TenantId, section.SchoolId, section.SchoolYear, section.Grade, section.Letter, ct);
        var sheets = await session.Query<MarkSheetView>().Where(s => s.SectionId == section.SectionId).ToListAsync(ct);
        var stream = await session.Events.FetchForWriting<SectionResultsView>(SectionResultsView.IdFor(section.SectionId), ct);
        var proposals = SectionResultsView.Propose(section, roster, [.. sheets], rules?.MakeUpSubjectsAllowed ?? 0);
        var confirmed = Decide(command, section, proposals, stream.Aggregate);
        stream.AppendOne(confirmed);
        var announcements = await enrollment.RecordAsync(session, section.SchoolYear,
            [.. confirmed.Results.Select(r => new YearEndResultToRecord(r.LearnerId, r.Outcome))], ct);
        var outgoing = new OutgoingMessages
        {
            new MarksChangedV1(session.TenantId, section.SectionId, section.SchoolId, section.SchoolYear, "results_confirmed"),
        };
        outgoing.AddRange(announcements);
        return outgoing;
    }

    /// <summary>
    /// The confirmation, or why not: learners of the class, each confirmed once, with every final mark given; PROMOTED or
    /// GRADUATED only without a failing final mark (a make-up exam's mark is a correction first); an outcome other than the
    /// proposal only with a reason.
    /// </summary>
    public static YearEndResultsConfirmed Decide(ConfirmYearEndResults command, SectionSubjects section, IReadOnlyList<Proposal> proposals,
        SectionResultsView? confirmed)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        var byLearner = proposals.ToDictionary(p => p.LearnerId);
        var errors = new List<UserError>();
        var results = new List<ConfirmedResult>();
        var overridden = false;
        for (var i = 0; i < command.Results.Count; i++)
        {
            var (learner, outcome) = (command.Results[i].LearnerId, command.Results[i].Outcome);
            var field = $"results[{i}].outcome";
            if (!byLearner.TryGetValue(learner, out var proposal))
            {
                errors.Add(new UserError("NOT_ON_ROSTER", $"results[{i}].learnerId",
                    $"Learner {learner} is not in {section.Grade}{section.Letter} for {section.SchoolYear}."));
            }
            else if (confirmed?.ResultOf(learner) is { } already)
            {
                errors.Add(new UserError(ErrorCodes.Duplicate, $"results[{i}].learnerId",
                    $"Learner {learner}'s result is already confirmed: {Name(already.Outcome)}."));
            }
            else if (proposal.Outcome == ProposedOutcome.Incomplete)
            {
                errors.Add(new UserError(ErrorCodes.RuleViolated, field,
                    $"Learner {learner} has no final mark in {string.Join(", ", proposal.MissingSubjects)}: record them first."));
            }
            else if (outcome is YearEndResult.Promoted or YearEndResult.Graduated && proposal.FailingSubjects.Count > 0)
            {
                errors.Add(new UserError(ErrorCodes.RuleViolated, field,
                    $"Learner {learner} fails {string.Join(", ", proposal.FailingSubjects)}: {Name(outcome)} needs passing final marks "
                    + "(record a make-up exam's mark with correctMark first)."));
            }
            else if (outcome == YearEndResult.Graduated && !section.LastGradeOfProgramme)
            {
                errors.Add(new UserError(ErrorCodes.RuleViolated, field,
                    $"Grade {section.Grade} is not the last grade of {section.Programme}: learner {learner} is PROMOTED, not GRADUATED."));
            }
            else if (outcome == YearEndResult.Promoted && section.LastGradeOfProgramme)
            {
                errors.Add(new UserError(ErrorCodes.RuleViolated, field,
                    $"Grade {section.Grade} is the last grade of {section.Programme}: learner {learner} is GRADUATED, not PROMOTED."));
            }
            else
            {
                overridden |= outcome == YearEndResult.Repeating && proposal.Outcome != ProposedOutcome.Repeats;
                results.Add(new ConfirmedResult(learner, outcome, proposal.FailingSubjects));
            }
        }
        if (overridden && string.IsNullOrWhiteSpace(command.Reason))
        {
            errors.Add(new UserError(ErrorCodes.Invalid, "reason",
                "A learner repeats whom the marks do not make repeat (a failed make-up exam, say): give the reason."));
        }
        if (errors.Count > 0) throw new CommandRejectedException(errors);
        return new YearEndResultsConfirmed(SectionResultsView.IdFor(section.SectionId), section.SectionId, section.SchoolId, section.SchoolCode,
            section.Municipality, section.SchoolYear, section.Grade, section.Letter, results,
            string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim());
    }

    private static string Name(YearEndResult outcome) => outcome.ToString().ToUpperInvariant();
}

/// <summary>The school confirms its learners' results: its admin.</summary>
internal sealed class ConfirmYearEndResultsPolicy(ISectionCatalogue sections) : ICommandPolicy<ConfirmYearEndResults>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, ConfirmYearEndResults command, CancellationToken ct)
    {
        if (caller.Role != Roles.SchoolAdmin)
        {
            return new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not confirm year-end results; the school's admin may.");
        }
        var section = await sections.SectionAsync(caller.Jurisdiction, command.SectionId, ct);
        return section is not null && string.Equals(section.SchoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase)
            ? null
            : new UserError(ErrorCodes.NotFound, "sectionId", $"There is no class section with id {command.SectionId} in your school.");
    }
}
