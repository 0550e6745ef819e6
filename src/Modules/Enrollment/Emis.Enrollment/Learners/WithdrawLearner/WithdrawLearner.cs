using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Enrollment.Learners.WithdrawLearner;

/// <summary>Record that a learner left school during a school year, and why.</summary>
public sealed record WithdrawLearner(Guid LearnerId, string SchoolYear, WithdrawalReason Reason, string? Note, long? ExpectedVersion = null)
{
    /// <summary>The note is free text that may describe a child: it stays out of log lines.</summary>
    public override string ToString() => $"WithdrawLearner {{ LearnerId = {LearnerId}, SchoolYear = {SchoolYear}, Reason = {Reason} }}";

    public sealed class Validator : AbstractValidator<WithdrawLearner>
    {
        public Validator()
        {
            RuleFor(x => x.LearnerId).NotEmpty().WithMessage("The learner's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Reason).IsInEnum();
            RuleFor(x => x.Note).NotEmpty().When(x => x.Reason == WithdrawalReason.Other)
                .WithMessage("Say why in 'note' when the reason is OTHER.");
            RuleFor(x => x.Note).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class WithdrawLearnerHandler
{
    public static async Task<OutgoingMessages> Handle(WithdrawLearner command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await LearnerStreams.FetchAsync(session, command.LearnerId, command.ExpectedVersion, ct);
        var withdrawals = Decide(command, stream.Aggregate!);
        var schools = new List<EnrollmentSchool>();
        foreach (var schoolId in withdrawals.Select(w => w.SchoolId).Distinct())
        {
            schools.Add(await LearnerStreams.SchoolAsync(session, schoolId, "learnerId", ct));
        }
        stream.AppendMany(withdrawals);
        return [LearnerStreams.Announce(
            session.TenantId, command.LearnerId, command.SchoolYear, LearnerStreams.NextVersion(stream, withdrawals.Count),
            "withdrawn", [.. schools])];
    }

    /// <summary>The withdrawal from that year; a death also ends every enrolment of a later year.</summary>
    public static IReadOnlyList<LearnerWithdrawn> Decide(WithdrawLearner command, Learner learner)
    {
        var current = learner.ActiveIn(command.SchoolYear)
            ?? throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear", $"The learner is not enrolled for {command.SchoolYear}.");
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var withdrawals = new List<LearnerWithdrawn> { new(learner.Id, command.SchoolYear, current.SchoolId, command.Reason, note) };
        if (command.Reason == WithdrawalReason.Deceased)
        {
            withdrawals.AddRange(learner.Years.Values
                .Where(p => p.Active && string.CompareOrdinal(p.SchoolYear, command.SchoolYear) > 0)
                .OrderBy(p => p.SchoolYear, StringComparer.Ordinal)
                .Select(p => new LearnerWithdrawn(learner.Id, p.SchoolYear, p.SchoolId, command.Reason, note)));
        }
        return withdrawals;
    }
}
