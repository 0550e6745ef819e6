using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.CorrectStaffDetails;

/// <summary>Correct a member of staff's registered details, saying why (the reason goes with the event).</summary>
public sealed record CorrectStaffDetails(
    Guid StaffId,
    string FirstName,
    string? ParentName,
    string LastName,
    DateOnly BirthDate,
    StaffSex Sex,
    IReadOnlyList<string> TeachingLanguages,
    StaffContacts Contacts,
    string Reason,
    long? ExpectedVersion = null)
{
    public override string ToString() => $"CorrectStaffDetails {{ StaffId = {StaffId} }}";

    public sealed class Validator : AbstractValidator<CorrectStaffDetails>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.FirstName).PersonName("first name");
            RuleFor(x => x.LastName).PersonName("last name");
            When(x => !string.IsNullOrWhiteSpace(x.ParentName), () => RuleFor(x => x.ParentName!).PersonName("parent's name"));
            RuleFor(x => x.BirthDate).Must(d => d.Year >= 1900).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The birth date is not plausible (before 1900).");
            RuleFor(x => x.Sex).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.TeachingLanguages).LanguageCodes();
            StaffRules.ContactRules(this, x => x.Contacts);
            RuleFor(x => x.Reason).NotEmpty().WithMessage("A correction needs a reason.").MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class CorrectStaffDetailsHandler
{
    public static async Task<OutgoingMessages> Handle(CorrectStaffDetails command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, command.StaffId, command.ExpectedVersion, ct);
        var current = await session.LoadAsync<GettingStaff.StaffProfile>(command.StaffId, ct);
        stream.AppendOne(Decide(command, current!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        return [StaffStreams.Announce(session.TenantId, stream.Aggregate!, StaffStreams.NextVersion(stream), "corrected")];
    }

    /// <summary>The corrected details, or the rule they break; a correction that changes nothing is refused.</summary>
    public static StaffDetailsCorrected Decide(CorrectStaffDetails command, GettingStaff.StaffProfile current, DateOnly today)
    {
        var registered = RegisterStaffMember.RegisterStaffMemberHandler.Decide(new RegisterStaffMember.RegisterStaffMember(
            command.StaffId, command.FirstName, command.ParentName, command.LastName, command.BirthDate, command.Sex, command.TeachingLanguages,
            command.Contacts, null), today);
        var unchanged = registered.FirstName == current.FirstName && registered.ParentName == current.ParentName
            && registered.LastName == current.LastName && registered.BirthDate == current.BirthDate && registered.Sex == current.Sex
            && registered.TeachingLanguages.SequenceEqual(current.TeachingLanguages) && registered.Contacts == current.Contacts;
        if (unchanged) throw new CommandRejectedException(ErrorCodes.Unchanged, null, "The details are already as given: nothing to correct.");
        return new StaffDetailsCorrected(registered.StaffId, registered.FirstName, registered.ParentName, registered.LastName,
            registered.BirthDate, registered.Sex, registered.TeachingLanguages, registered.Contacts);
    }
}
