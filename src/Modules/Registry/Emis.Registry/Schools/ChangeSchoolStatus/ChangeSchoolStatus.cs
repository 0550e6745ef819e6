using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Registry.Schools.ChangeSchoolStatus;

/// <summary>Open, close, close for an emergency or switch a school to distance learning — always with a reason.</summary>
public sealed record ChangeSchoolStatus(Guid SchoolId, SchoolStatus Status, string Reason, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<ChangeSchoolStatus>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Status).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Reason).NotEmpty().WithMessage("A reason is required when a school's status changes.")
                .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class ChangeSchoolStatusHandler
{
    public static async Task<OutgoingMessages> Handle(ChangeSchoolStatus command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await SchoolStreams.FetchAsync(session, command.SchoolId, command.ExpectedVersion, ct);
        var changed = Decide(command, stream.Aggregate!);
        return SchoolStreams.Append(session, stream, changed, stream.Aggregate!.Apply(changed), "status_changed");
    }

    public static SchoolStatusChanged Decide(ChangeSchoolStatus command, School school)
    {
        if (command.Status == school.Status)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "status", $"The school's status is already {command.Status}.");
        }
        return new SchoolStatusChanged(school.Id, school.Status, command.Status, command.Reason.Trim());
    }
}
