using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Staffing.Staff.RecordQualifications;

/// <summary>Record an academic qualification: the ISCED level of the degree (6 bachelor's, 7 master's, 8 doctorate), its field,
/// the institution and the year it was awarded.</summary>
public sealed record RecordQualification(Guid StaffId, Guid QualificationId, int IscedLevel, string Field, string Institution, int Year)
{
    public sealed class Validator : AbstractValidator<RecordQualification>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.QualificationId).NotEmpty();
            RuleFor(x => x.IscedLevel).InclusiveBetween(3, 8).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("An academic qualification's ISCED level is 3 (upper secondary) to 8 (doctorate).");
            RuleFor(x => x.Field).ShortText("field of study");
            RuleFor(x => x.Institution).ShortText("institution");
            RuleFor(x => x.Year).InclusiveBetween(1940, 2200).WithErrorCode(ErrorCodes.Invalid).WithMessage("The year is not plausible.");
        }
    }
}

/// <summary>Record a teaching certification (licence to teach).</summary>
public sealed record RecordCertification(Guid StaffId, Guid CertificationId, string Name, string Issuer, DateOnly IssuedOn)
{
    public sealed class Validator : AbstractValidator<RecordCertification>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.CertificationId).NotEmpty();
            RuleFor(x => x.Name).ShortText("certification's name");
            RuleFor(x => x.Issuer).ShortText("issuer");
        }
    }
}

/// <summary>Record organised teacher training: pre-service (a teacher-education programme) or in-service (a course).</summary>
public sealed record RecordTraining(Guid StaffId, Guid TrainingId, TrainingKind Kind, string Course, string Provider, decimal Hours,
    DateOnly CompletedOn)
{
    public sealed class Validator : AbstractValidator<RecordTraining>
    {
        public Validator()
        {
            RuleFor(x => x.StaffId).NotEmpty().WithMessage("The member of staff's id is required.");
            RuleFor(x => x.TrainingId).NotEmpty();
            RuleFor(x => x.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Course).ShortText("course");
            RuleFor(x => x.Provider).ShortText("provider");
            RuleFor(x => x.Hours).GreaterThan(0m).LessThanOrEqualTo(10_000m).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Training hours are more than 0 and at most 10,000.");
        }
    }
}

/// <summary>The three records share their handling: the member of staff must exist, the record is not in the future.</summary>
public static class RecordQualificationsHandler
{
    public static async Task<OutgoingMessages> Handle(RecordQualification command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct) =>
        await AppendAsync(session, command.StaffId, Decide(command, Today(clock)), "qualification_recorded", ct);

    public static async Task<OutgoingMessages> Handle(RecordCertification command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct) =>
        await AppendAsync(session, command.StaffId, Decide(command, Today(clock)), "qualification_recorded", ct);

    public static async Task<OutgoingMessages> Handle(RecordTraining command, IDocumentSession session, TimeProvider clock,
        CancellationToken ct) =>
        await AppendAsync(session, command.StaffId, Decide(command, Today(clock)), "training_recorded", ct);

    public static QualificationRecorded Decide(RecordQualification c, DateOnly today) => c.Year > today.Year
        ? throw new CommandRejectedException(ErrorCodes.RuleViolated, "year", "A qualification is recorded once it is awarded, not before.")
        : new(c.StaffId, c.QualificationId, c.IscedLevel, StaffRules.CleanName(c.Field), StaffRules.CleanName(c.Institution), c.Year);

    public static CertificationRecorded Decide(RecordCertification c, DateOnly today) => c.IssuedOn > today
        ? throw new CommandRejectedException(ErrorCodes.RuleViolated, "issuedOn", "A certification is recorded once it is issued, not before.")
        : new(c.StaffId, c.CertificationId, StaffRules.CleanName(c.Name), StaffRules.CleanName(c.Issuer), c.IssuedOn);

    public static TrainingRecorded Decide(RecordTraining c, DateOnly today) => c.CompletedOn > today
        ? throw new CommandRejectedException(ErrorCodes.RuleViolated, "completedOn", "Training is recorded once it is completed, not before.")
        : new(c.StaffId, c.TrainingId, c.Kind, StaffRules.CleanName(c.Course), StaffRules.CleanName(c.Provider), c.Hours, c.CompletedOn);

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static async Task<OutgoingMessages> AppendAsync(IDocumentSession session, Guid staffId, object e, string change, CancellationToken ct)
    {
        var stream = await StaffStreams.FetchAsync(session, staffId, null, ct);
        stream.AppendOne(e);
        return [StaffStreams.Announce(session.TenantId, stream.Aggregate!, StaffStreams.NextVersion(stream), change)];
    }
}
