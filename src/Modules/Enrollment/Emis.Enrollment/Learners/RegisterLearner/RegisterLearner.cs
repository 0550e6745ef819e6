using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Enrollment.Learners.RegisterLearner;

/// <summary>Where a learner registered by a school goes at once.</summary>
public sealed record InitialEnrollment(string SchoolYear, Guid SchoolId, int Grade, string Section);

/// <summary>Register a learner, and optionally enrol them at once (in one transaction: both or neither).</summary>
public sealed record RegisterLearner(
    Guid LearnerId,
    string FirstName,
    string? ParentName,
    string LastName,
    DateOnly BirthDate,
    Sex Sex,
    string MotherTongue,
    string LanguageOfInstruction,
    Disability? Disability,
    string? Community,
    Displacement? Displacement,
    LearnerContacts Contacts,
    InitialEnrollment? Enrollment)
{
    /// <summary>Wolverine logs a failed command with its text: only the id, never the child's personal data.</summary>
    public override string ToString() => $"RegisterLearner {{ LearnerId = {LearnerId} }}";

    public sealed class Validator : AbstractValidator<RegisterLearner>
    {
        public Validator()
        {
            RuleFor(x => x.LearnerId).NotEmpty();
            RuleFor(x => x.FirstName).PersonName("first name");
            RuleFor(x => x.LastName).PersonName("last name");
            When(x => !string.IsNullOrWhiteSpace(x.ParentName), () => RuleFor(x => x.ParentName!).PersonName("parent's name"));
            RuleFor(x => x.BirthDate).Must(d => d.Year >= 1900).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The birth date is not plausible (before 1900).");
            RuleFor(x => x.MotherTongue).Must(LearnerRules.IsLanguageCode).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The mother tongue is an ISO 639 code of 2 or 3 lower-case letters (sq, bs, tr, rom).");
            RuleFor(x => x.LanguageOfInstruction).Must(LearnerRules.IsLanguageCode).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The language of instruction is an ISO 639 code of 2 or 3 lower-case letters (sq, bs, tr).");
            RuleFor(x => x.Community).MaximumLength(60).WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Contacts.Email).EmailAddress().WithErrorCode(ErrorCodes.Invalid).OverridePropertyName("contacts.email")
                .WithMessage("The learner's email is not an email address.");
            RuleFor(x => x.Contacts.GuardianEmail).EmailAddress().WithErrorCode(ErrorCodes.Invalid).OverridePropertyName("contacts.guardianEmail")
                .WithMessage("The guardian's email is not an email address.");
            RuleFor(x => x.Contacts.Phone).Must(Contact.IsPhone).WithErrorCode(ErrorCodes.Invalid).OverridePropertyName("contacts.phone")
                .WithMessage("The learner's phone is not a phone number (digits, optionally a leading +).");
            RuleFor(x => x.Contacts.GuardianPhone).Must(Contact.IsPhone).WithErrorCode(ErrorCodes.Invalid).OverridePropertyName(
                "contacts.guardianPhone")
                .WithMessage("The guardian's phone is not a phone number (digits, optionally a leading +).");
            When(x => x.Contacts.GuardianName is { Length: > 0 }, () =>
                RuleFor(x => x.Contacts.GuardianName!).PersonName("guardian's name").OverridePropertyName("contacts.guardianName"));
            When(x => x.Enrollment is not null, () =>
            {
                RuleFor(x => x.Enrollment!.SchoolYear).SchoolYearText().OverridePropertyName("enrollment.schoolYear");
                RuleFor(x => x.Enrollment!.SchoolId).NotEmpty().OverridePropertyName("enrollment.schoolId");
                RuleFor(x => x.Enrollment!.Grade).GradeNumber().OverridePropertyName("enrollment.grade");
                RuleFor(x => x.Enrollment!.Section).SectionName().OverridePropertyName("enrollment.section");
            });
        }
    }
}

public static class RegisterLearnerHandler
{
    public static async Task<(IStartStream, OutgoingMessages)> Handle(
        RegisterLearner command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var registered = Decide(command, today);
        if (command.Enrollment is not { } enrollment)
        {
            return (MartenOps.StartStream<Learner>(command.LearnerId, registered),
                [LearnerStreams.Announce(session.TenantId, command.LearnerId, null, 1, "registered")]);
        }

        var school = await LearnerStreams.SchoolAsync(session, enrollment.SchoolId, "enrollment.schoolId", ct);
        LearnerStreams.CheckPlacement(school, enrollment.Grade, "enrollment.schoolId", "enrollment.grade");
        var enrolled = new LearnerEnrolled(command.LearnerId, enrollment.SchoolYear, school.Id, school.Code, school.Municipality,
            enrollment.Grade, LearnerRules.CleanSection(enrollment.Section), EntryKind.New);
        return (MartenOps.StartStream<Learner>(command.LearnerId, registered, enrolled),
            [LearnerStreams.Announce(session.TenantId, command.LearnerId, enrollment.SchoolYear, 2, "enrolled", school)]);
    }

    /// <summary>The registration, or the rule it breaks. A child under 13 has no contact of their own.</summary>
    public static LearnerRegistered Decide(RegisterLearner command, DateOnly today)
    {
        if (command.BirthDate > today)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "birthDate", "The birth date is in the future.");
        }
        var contacts = Contact.Clean(command.Contacts);
        var age = LearnerRules.AgeOn(command.BirthDate, today);
        if (age < LearnerRules.ContactsOfTheirOwnFromAge)
        {
            var errors = new List<UserError>();
            var why = $"A learner under {LearnerRules.ContactsOfTheirOwnFromAge} has no contact of their own: give the parent's or guardian's " +
                $"instead (guardianEmail, guardianPhone).";
            if (contacts.Email is not null) errors.Add(new UserError(ErrorCodes.RuleViolated, "contacts.email", why));
            if (contacts.Phone is not null) errors.Add(new UserError(ErrorCodes.RuleViolated, "contacts.phone", why));
            if (errors.Count > 0) throw new CommandRejectedException(errors);
        }

        return new LearnerRegistered(
            command.LearnerId,
            LearnerRules.CleanName(command.FirstName),
            string.IsNullOrWhiteSpace(command.ParentName) ? null : LearnerRules.CleanName(command.ParentName),
            LearnerRules.CleanName(command.LastName),
            command.BirthDate,
            command.Sex,
            command.MotherTongue.Trim(),
            command.LanguageOfInstruction.Trim(),
            command.Disability,
            string.IsNullOrWhiteSpace(command.Community) ? null : LearnerRules.CleanName(command.Community),
            command.Displacement,
            contacts);
    }

}

internal static class Contact
{
    public static bool IsPhone(string? phone) => Platform.Text.PersonNames.IsPhone(phone);

    public static LearnerContacts Clean(LearnerContacts contacts) => new(
        Blank(contacts.Email),
        Blank(contacts.Phone),
        Blank(contacts.GuardianName) is { } name ? LearnerRules.CleanName(name) : null,
        Blank(contacts.GuardianEmail),
        Blank(contacts.GuardianPhone));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
