using Emis.Platform.Commands;
using Emis.Staffing.Staff.StartContract;
using FluentValidation;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Staffing.Staff.RegisterStaffMember;

/// <summary>Register a member of staff, and employ them at once under a first contract (both or neither).</summary>
public sealed record RegisterStaffMember(
    Guid StaffId,
    string FirstName,
    string? ParentName,
    string LastName,
    DateOnly BirthDate,
    StaffSex Sex,
    IReadOnlyList<string> TeachingLanguages,
    StaffContacts Contacts,
    NewContract? Contract)
{
    /// <summary>Wolverine logs a failed command with its text: only the id, never personal data.</summary>
    public override string ToString() => $"RegisterStaffMember {{ StaffId = {StaffId} }}";

    public sealed class Validator : AbstractValidator<RegisterStaffMember>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty();
            RuleFor(x => x.FirstName).PersonName("first name");
            RuleFor(x => x.LastName).PersonName("last name");
            When(x => !string.IsNullOrWhiteSpace(x.ParentName), () => RuleFor(x => x.ParentName!).PersonName("parent's name"));
            RuleFor(x => x.BirthDate).Must(d => d.Year >= 1900).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The birth date is not plausible (before 1900).");
            RuleFor(x => x.Sex).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.TeachingLanguages).LanguageCodes();
            StaffRules.ContactRules(this, x => x.Contacts);
            When(x => x.Contract is not null, () => RuleFor(x
                => x.Contract!).SetValidator(new NewContractValidator()).OverridePropertyName("contract"));
        }
    }
}

public static class RegisterStaffMemberHandler
{
    public static async Task<(IStartStream, OutgoingMessages)> Handle(
        RegisterStaffMember command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var registered = Decide(command, today);
        if (command.Contract is not { } contract)
        {
            return (MartenOps.StartStream<StaffMember>(command.StaffId, registered),
                [StaffStreams.Announce(session.TenantId, command.StaffId, 1, "registered")]);
        }
        var school = await StaffStreams.SchoolAsync(session, contract.SchoolId, "contract.schoolId", ct);
        var started = StartContractHandler.Decide(command.StaffId, contract, StaffMember.Create(registered), school, "contract");
        return (MartenOps.StartStream<StaffMember>(command.StaffId, registered, started),
            [StaffStreams.Announce(session.TenantId, command.StaffId, 2, "contract_started", (school.Id, school.Municipality))]);
    }

    /// <summary>The registration, or the rule it breaks: a birth date in the past, of someone of working age.</summary>
    public static StaffMemberRegistered Decide(RegisterStaffMember command, DateOnly today)
    {
        if (command.BirthDate > today)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "birthDate", "The birth date is in the future.");
        }
        if (StaffRules.AgeOn(command.BirthDate, today) < StaffRules.MinimumWorkingAge)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "birthDate",
                $"A member of staff is at least {StaffRules.MinimumWorkingAge} years old.");
        }
        return new StaffMemberRegistered(
            command.StaffId,
            StaffRules.CleanName(command.FirstName),
            StaffRules.Blank(command.ParentName),
            StaffRules.CleanName(command.LastName),
            command.BirthDate,
            command.Sex,
            StaffRules.CleanLanguages(command.TeachingLanguages),
            StaffRules.Clean(command.Contacts));
    }
}
