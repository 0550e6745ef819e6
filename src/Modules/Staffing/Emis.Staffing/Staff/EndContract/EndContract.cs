using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.EndContract;

/// <summary>End a contract: it expired, or the member of staff retired, resigned, was dismissed or died.</summary>
public sealed record EndContract(Guid StaffId, Guid ContractId, DateOnly EndedOn, ContractEnd Reason, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<EndContract>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.ContractId).NotEmpty().WithMessage("The contract's id is required.");
            RuleFor(x => x.Reason).IsInEnum().WithErrorCode(ErrorCodes.Invalid)
                .NotEqual(ContractEnd.Transfer).WithErrorCode(ErrorCodes.Invalid).WithMessage("A transfer is recorded with transferStaffMember.");
        }
    }
}

public static class EndContractHandler
{
    public static async Task<OutgoingMessages> Handle(EndContract command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, command.ExpectedVersion, ct);
        var staff = stream.Aggregate!;
        var post = staff.Posts.GetValueOrDefault(command.ContractId);
        var events = Decide(command.ContractId, command.EndedOn, command.Reason, staff);
        stream.AppendMany(events);
        return [StaffStreams.Announce(session.TenantId, staff.Id, StaffStreams.NextVersion(stream, events.Count), "contract_ended",
            (post!.SchoolId, post.Municipality))];
    }

    /// <summary>
    /// The end of a current contract, and of the teaching assignments it carried at that school; refused for a contract
    /// that is not current or an end before its start.
    /// </summary>
    public static IReadOnlyList<object> Decide(Guid contractId, DateOnly endedOn, ContractEnd reason, StaffMember staff)
    {
        if (!staff.Posts.TryGetValue(contractId, out var post))
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "contractId", $"The member of staff has no current contract {contractId}.");
        }
        if (endedOn < post.StartsOn)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "endedOn",
                $"The contract started on {post.StartsOn:yyyy-MM-dd}: it cannot end before that.");
        }
        var events = new List<object> { new ContractEnded(staff.Id, contractId, post.SchoolId, endedOn, reason) };
        events.AddRange(staff.Assignments.Values.Where(a => a.SchoolId == post.SchoolId)
            .OrderBy(a => a.AssignmentId).Select(a => new TeachingAssignmentEnded(staff.Id, a.AssignmentId)));
        return events;
    }
}
