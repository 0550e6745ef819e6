using System.Globalization;
using Emis.Platform.Commands;
using Emis.Staffing.Schools;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.StartContract;

/// <summary>The terms of a new contract at a school.</summary>
/// <param name="FteReason">Required when the member of staff would work more than one full-time equivalent across schools.</param>
public sealed record NewContract(
    Guid ContractId,
    Guid SchoolId,
    StaffRole Role,
    EducationLevel Level,
    ContractType Type,
    decimal Fte,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    string? FteReason);

/// <summary>The terms of a contract as given (not a command: it is part of registering, starting and transferring).</summary>
public sealed class NewContractValidator : AbstractValidator<NewContract>
{
    public NewContractValidator()
    {
        RuleFor(x => x.ContractId).NotEmpty();
        RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
        RuleFor(x => x.Role).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        RuleFor(x => x.Level).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        RuleFor(x => x.Type).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        RuleFor(x => x.Fte).GreaterThan(0m).LessThanOrEqualTo(1m).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A contract's full-time equivalent is more than 0 and at most 1 (0.5 is half time).");
        RuleFor(x => x.EndsOn).NotNull().When(x => x.Type == ContractType.FixedTerm).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A fixed-term contract needs the date it ends on.");
        RuleFor(x => x.EndsOn).Must((c, end) => end is null || end >= c.StartsOn).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A contract cannot end before it starts.");
        RuleFor(x => x.FteReason).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
    }
}

/// <summary>Employ a member of staff at a school under a new contract.</summary>
public sealed record StartContract(Guid StaffId, NewContract Contract, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<StartContract>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.Contract).NotNull().SetValidator(new NewContractValidator());
        }
    }
}

public static class StartContractHandler
{
    public static async Task<OutgoingMessages> Handle(StartContract command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, command.ExpectedVersion, ct);
        var school = await StaffStreams.SchoolAsync(session, command.Contract.SchoolId, "contract.schoolId", ct);
        var started = Decide(command.StaffId, command.Contract, stream.Aggregate!, school, "contract");
        stream.AppendOne(started);
        return [StaffStreams.Announce(session.TenantId, command.StaffId, StaffStreams.NextVersion(stream), "contract_started",
            (school.Id, school.Municipality))];
    }

    /// <summary>
    /// The new contract, or the rule it breaks: an open school, one current contract per school, of working age on the
    /// first day, and more than one full-time equivalent across schools only with a reason.
    /// </summary>
    public static ContractStarted Decide(Guid staffId, NewContract contract, StaffMember staff, StaffingSchool school, string field)
    {
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, $"{field}.schoolId",
                $"{school.Name} ({school.Code}) is closed: no one can be employed there.");
        }
        if (staff.PostAt(school.Id) is { } existing)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, $"{field}.schoolId",
                $"The member of staff already has a current contract at {school.Code} (contract {existing.ContractId}): end or change it first.");
        }
        if (StaffRules.AgeOn(staff.BirthDate, contract.StartsOn) < StaffRules.MinimumWorkingAge)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, $"{field}.startsOn",
                $"The member of staff would be under {StaffRules.MinimumWorkingAge} on the contract's first day.");
        }
        var total = staff.Fte + contract.Fte;
        var reason = string.IsNullOrWhiteSpace(contract.FteReason) ? null : contract.FteReason.Trim();
        if (total > 1m && reason is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, $"{field}.fteReason", string.Create(CultureInfo.InvariantCulture,
                $"With this contract the member of staff would work {total} full-time equivalents across schools: more than 1 needs a reason."));
        }
        return new ContractStarted(staffId, contract.ContractId, school.Id, school.Code, school.Municipality, contract.Role, contract.Level,
            contract.Type, contract.Fte, contract.StartsOn, contract.EndsOn, total > 1m ? reason : null);
    }
}
