using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.RecordLeave;

/// <summary>Record leave from a contract (maternity, parental, sick, study, unpaid) for a period.</summary>
public sealed record RecordLeave(Guid StaffId, Guid LeaveId, Guid ContractId, LeaveKind Kind, DateOnly From, DateOnly To)
{
    public sealed class Validator : AbstractValidator<RecordLeave>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.LeaveId).NotEmpty();
            RuleFor(x => x.ContractId).NotEmpty().WithMessage("The contract's id is required.");
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.To).Must((c, to) => to >= c.From).WithErrorCode(ErrorCodes.Invalid).WithMessage("Leave cannot end before it starts.");
        }
    }
}

public static class RecordLeaveHandler
{
    public static async Task<OutgoingMessages> Handle(RecordLeave command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, null, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
        return [StaffStreams.Announce(session.TenantId, stream.Aggregate!, StaffStreams.NextVersion(stream), "leave_recorded")];
    }

    /// <summary>Leave within a current contract's dates, overlapping no other leave of it.</summary>
    public static LeaveRecorded Decide(RecordLeave command, StaffMember staff)
    {
        if (!staff.Posts.TryGetValue(command.ContractId, out var post))
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "contractId",
                $"The member of staff has no current contract {command.ContractId}.");
        }
        if (command.From < post.StartsOn)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "from",
                $"The contract starts on {post.StartsOn:yyyy-MM-dd}: leave cannot start before.");
        }
        if (post.EndsOn is { } end && command.To > end)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "to", $"The contract ends on {end:yyyy-MM-dd}: leave cannot run past it.");
        }
        if (post.Leaves.Where(l => l.From <= command.To && command.From <= l.To).ToList() is [var (from, to), ..])
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "from",
                $"The member of staff is already on leave from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: leave periods cannot overlap.");
        }
        return new LeaveRecorded(staff.Id, command.LeaveId, command.ContractId, command.Kind, command.From, command.To);
    }
}
