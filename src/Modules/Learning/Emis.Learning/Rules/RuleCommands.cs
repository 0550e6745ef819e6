using Emis.Curriculum.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Learning.Rules;

/// <summary>Set a level's grading scale: its marks, their values on a numeric scale, and which pass (ministry only).</summary>
public sealed record SetGradingScale(string Level, ScaleKind Kind, IReadOnlyList<MarkDefinition> Marks)
{
    public sealed class Validator : AbstractValidator<SetGradingScale>
    {
        public Validator()
        {
            RuleFor(x => x.Level).NotEmpty().WithMessage("The level is required (a level code of the education structure).");
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Marks).NotEmpty().WithMessage("Give the scale's marks.");
            RuleForEach(x => x.Marks).ChildRules(mark =>
            {
                mark.RuleFor(m => m.Code).NotEmpty().WithMessage("A mark needs a code (1, 5, EXCEEDS).")
                    .MaximumLength(20).WithErrorCode(ErrorCodes.Invalid).WithMessage("A mark's code is at most 20 characters.");
                mark.RuleFor(m => m.Label).NotEmpty().WithMessage("A mark needs a label (odličan, excellent).")
                    .MaximumLength(80).WithErrorCode(ErrorCodes.Invalid).WithMessage("A mark's label is at most 80 characters.");
            });
            RuleFor(x => x.Marks).Must(m => m.Select(x => x.Code.Trim().ToUpperInvariant()).Distinct().Count() == m.Count)
                .WithErrorCode(ErrorCodes.Duplicate).WithMessage("Two marks have the same code.");
            RuleFor(x => x.Marks).Must(m => m.Any(x => x.Passing)).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("At least one mark passes.");
            RuleFor(x => x.Marks).Must(m => m.All(x => x.Value is not null)).When(x => x.Kind == ScaleKind.Numeric)
                .WithErrorCode(ErrorCodes.Invalid).WithMessage("Every mark of a numeric scale has a value.");
            RuleFor(x => x.Marks).Must(m => m.All(x => x.Value is null)).When(x => x.Kind == ScaleKind.Descriptive)
                .WithErrorCode(ErrorCodes.Invalid).WithMessage("The marks of a descriptive scale have no value.");
        }
    }
}

/// <summary>Set the jurisdiction's terms and its promotion rule (ministry only).</summary>
public sealed record SetAssessmentCalendar(IReadOnlyList<TermDefinition> Terms, int MakeUpSubjectsAllowed)
{
    public sealed class Validator : AbstractValidator<SetAssessmentCalendar>
    {
        public Validator()
        {
            RuleFor(x => x.Terms).NotEmpty().WithMessage("Give the school year's terms (for example two half-years).")
                .Must(t => t.Count <= 6).WithErrorCode(ErrorCodes.Invalid).WithMessage("A school year has at most 6 terms.");
            RuleForEach(x => x.Terms).ChildRules(term =>
            {
                term.RuleFor(t => t.Code).NotEmpty().WithMessage("A term needs a code (T1).")
                    .Must(c => Learning.IsCode(c.Trim().ToUpperInvariant())).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("A term's code is 1 to 20 letters, digits, dots, hyphens or underscores (T1).")
                    .Must(c => c.Trim().ToUpperInvariant() != AssessmentRulesView.Final).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("FINAL is the year-end mark, not a term.");
                term.RuleFor(t => t.Name).NotEmpty().WithMessage("A term needs a name.")
                    .MaximumLength(80).WithErrorCode(ErrorCodes.Invalid).WithMessage("A term's name is at most 80 characters.");
            });
            RuleFor(x => x.Terms).Must(t => t.Select(x => x.Code.Trim().ToUpperInvariant()).Distinct().Count() == t.Count)
                .WithErrorCode(ErrorCodes.Duplicate).WithMessage("Two terms have the same code.");
            RuleFor(x => x.MakeUpSubjectsAllowed).InclusiveBetween(0, 5).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Make-up exams are allowed for 0 to 5 failing subjects.");
        }
    }
}

public static class AssessmentRulesHandler
{
    public static async Task Handle(SetGradingScale command, IDocumentSession session, ISectionCatalogue sections, CancellationToken ct)
    {
        var levels = await sections.LevelsAsync(session.TenantId, ct);
        var id = AssessmentRulesView.IdFor(session.TenantId);
        // Fetched for writing, so that the inline projection sees the events' versions (quick appends do not know them otherwise).
        var stream = await session.Events.FetchForWriting<AssessmentRulesView>(id, ct);
        stream.AppendOne(DecideScale(command, id, levels));
    }

    public static async Task Handle(SetAssessmentCalendar command, IDocumentSession session, CancellationToken ct)
    {
        var id = AssessmentRulesView.IdFor(session.TenantId);
        var stream = await session.Events.FetchForWriting<AssessmentRulesView>(id, ct);
        stream.AppendOne(new AssessmentCalendarSet(id,
            [.. command.Terms.Select(t => new TermDefinition(t.Code.Trim().ToUpperInvariant(), t.Name.Trim()))], command.MakeUpSubjectsAllowed));
    }

    /// <summary>The scale, or why not: a level of the education structure.</summary>
    public static GradingScaleSet DecideScale(SetGradingScale command, Guid rulesId, IReadOnlyList<string> levels)
    {
        ArgumentNullException.ThrowIfNull(command);
        var level = command.Level.Trim().ToUpperInvariant();
        if (!levels.Contains(level))
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "level", levels.Count == 0
                ? "The jurisdiction has no education structure yet: set it first (setEducationStructure)."
                : $"'{command.Level}' is not a level of the education structure ({string.Join(", ", levels)}).");
        }
        return new GradingScaleSet(rulesId, level, command.Kind,
            [.. command.Marks.Select(m => new MarkDefinition(m.Code.Trim().ToUpperInvariant(), m.Label.Trim(), m.Value, m.Passing))]);
    }
}

/// <summary>The ministry owns the grading scales, the terms and the promotion rule.</summary>
internal sealed class AssessmentRulesPolicy : ICommandPolicy<SetGradingScale>, ICommandPolicy<SetAssessmentCalendar>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetGradingScale command, CancellationToken ct) =>
        Task.FromResult(Learning.MinistryOnly(caller, "set a grading scale"));

    public Task<UserError?> AuthorizeAsync(Caller caller, SetAssessmentCalendar command, CancellationToken ct) =>
        Task.FromResult(Learning.MinistryOnly(caller, "set the terms and the promotion rule"));
}
