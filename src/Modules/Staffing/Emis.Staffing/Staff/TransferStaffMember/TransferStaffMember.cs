using Emis.Platform.Commands;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.StartContract;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.TransferStaffMember;

/// <summary>Move a member of staff from one school to another: the contract there ends, a new one starts here on the same day.</summary>
/// <param name="NewContractId">The id the contract at the new school gets.</param>
/// <param name="Fte">The full-time equivalent at the new school (default: as before).</param>
public sealed record TransferStaffMember(
    Guid StaffId, Guid ContractId, Guid NewContractId, Guid ToSchoolId, DateOnly TransferredOn, decimal? Fte = null, string? FteReason = null,
    long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<TransferStaffMember>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.ContractId).NotEmpty().WithMessage("The contract's id is required.");
            RuleFor(x => x.NewContractId).NotEmpty();
            RuleFor(x => x.ToSchoolId).NotEmpty().WithMessage("The school moved to is required.");
            RuleFor(x => x.Fte).GreaterThan(0m).LessThanOrEqualTo(1m).When(x => x.Fte is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A contract's full-time equivalent is more than 0 and at most 1 (0.5 is half time).");
        }
    }
}

public static class TransferStaffMemberHandler
{
    public static async Task<OutgoingMessages> Handle(TransferStaffMember command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, command.ExpectedVersion, ct);
        var staff = stream.Aggregate!;
        var to = await StaffStreams.SchoolAsync(session, command.ToSchoolId, "toSchoolId", ct);
        var events = Decide(command, staff, to);
        stream.AppendMany(events);
        var from = staff.Posts[command.ContractId];
        return [StaffStreams.Announce(session.TenantId, staff.Id, StaffStreams.NextVersion(stream, events.Count), "transferred",
            (from.SchoolId, from.Municipality), (to.Id, to.Municipality))];
    }

    /// <summary>The end of the contract (reason transfer, with its assignments) and the new contract, under the same rules as any.</summary>
    public static IReadOnlyList<object> Decide(TransferStaffMember command, StaffMember staff, StaffingSchool to)
    {
        if (!staff.Posts.TryGetValue(command.ContractId, out var from))
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "contractId",
                $"The member of staff has no current contract {command.ContractId}.");
        }
        if (from.SchoolId == to.Id)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "toSchoolId", "A transfer moves to another school.");
        }
        var ended = EndContract.EndContractHandler.Decide(command.ContractId, command.TransferredOn, ContractEnd.Transfer, staff);
        var remaining = ended.Aggregate(staff, (s, e) => e switch
        {
            ContractEnded c => s.Apply(c),
            TeachingAssignmentEnded a => s.Apply(a),
            _ => s,
        });
        var contract = new NewContract(command.NewContractId, to.Id, from.Role, from.Level, from.Type, command.Fte ?? from.Fte,
            command.TransferredOn, from.EndsOn is { } end && end >= command.TransferredOn ? end : null, command.FteReason);
        return [.. ended, StartContractHandler.Decide(staff.Id, contract, remaining, to, "transfer")];
    }
}
