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
        var withdrawn = Decide(command, stream.Aggregate!);
        var school = await LearnerStreams.SchoolAsync(session, withdrawn.SchoolId, "learnerId", ct);
        stream.AppendOne(withdrawn);
        return [LearnerStreams.Announce(session.TenantId, command.LearnerId, command.SchoolYear, LearnerStreams.NextVersion(stream), "withdrawn", school)];
    }

    public static LearnerWithdrawn Decide(WithdrawLearner command, Learner learner)
    {
        var current = learner.ActiveIn(command.SchoolYear)
            ?? throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear", $"The learner is not enrolled for {command.SchoolYear}.");
        return new LearnerWithdrawn(learner.Id, command.SchoolYear, current.SchoolId, command.Reason,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim());
    }
}
