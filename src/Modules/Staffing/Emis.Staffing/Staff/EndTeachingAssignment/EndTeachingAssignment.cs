using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.EndTeachingAssignment;

/// <summary>End a teaching assignment: the teacher no longer teaches that subject to that section.</summary>
public sealed record EndTeachingAssignment(Guid StaffId, Guid AssignmentId)
{
    public sealed class Validator : AbstractValidator<EndTeachingAssignment>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.AssignmentId).NotEmpty().WithMessage("The assignment's id is required.");
        }
    }
}

public static class EndTeachingAssignmentHandler
{
    public static async Task<OutgoingMessages> Handle(EndTeachingAssignment command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, null, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
        return [StaffStreams.Announce(session.TenantId, stream.Aggregate!, StaffStreams.NextVersion(stream), "assignment_ended")];
    }

    public static TeachingAssignmentEnded Decide(EndTeachingAssignment command, StaffMember staff) =>
        staff.Assignments.ContainsKey(command.AssignmentId)
            ? new TeachingAssignmentEnded(staff.Id, command.AssignmentId)
            : throw new CommandRejectedException(ErrorCodes.NotFound, "assignmentId",
                $"The member of staff has no current teaching assignment {command.AssignmentId}.");
}
