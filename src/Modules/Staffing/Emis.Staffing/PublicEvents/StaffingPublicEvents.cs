using Emis.Platform.EventLog;
using Emis.Staffing.Staff;

namespace Emis.Staffing.PublicEvents;

// Staffing's public integration events. Members of staff are known to partners by their stable, pseudonymous id; names,
// birth dates are personal data and reach only partners granted personal data. Contacts are never published.

[PublicEvent("staffing.staff_member_registered", 1, "A teacher or other member of staff entered Emis.")]
public sealed record StaffMemberRegisteredV1(
    Guid StaffId,
    [property: PersonalData] string FirstName,
    [property: PersonalData] string? ParentName,
    [property: PersonalData] string LastName,
    [property: PersonalData] DateOnly BirthDate,
    string Sex,
    IReadOnlyList<string> TeachingLanguages);

[PublicEvent("staffing.staff_details_corrected", 1, "A member of staff's registered details were corrected.")]
public sealed record StaffDetailsCorrectedV1(
    Guid StaffId,
    [property: PersonalData] string FirstName,
    [property: PersonalData] string? ParentName,
    [property: PersonalData] string LastName,
    [property: PersonalData] DateOnly BirthDate,
    string Sex,
    IReadOnlyList<string> TeachingLanguages);

[PublicEvent("staffing.qualification_recorded", 1, "An academic qualification (ISCED level, field, year) of a member of staff.")]
public sealed record QualificationRecordedV1(Guid StaffId, Guid QualificationId, int IscedLevel, string Field, int Year);

[PublicEvent("staffing.certification_recorded", 1, "A teaching certification of a member of staff.")]
public sealed record CertificationRecordedV1(Guid StaffId, Guid CertificationId, string Name, string Issuer, DateOnly IssuedOn);

[PublicEvent("staffing.training_recorded", 1, "Organised pre-service or in-service teacher training completed.")]
public sealed record TrainingRecordedV1(Guid StaffId, Guid TrainingId, string Kind, string Course, string Provider, decimal Hours,
    DateOnly CompletedOn);

[PublicEvent("staffing.contract_started", 1, "Employment at a school began (role, level, contract type, full-time equivalent).")]
public sealed record ContractStartedV1(
    Guid StaffId, Guid ContractId, Guid SchoolId, string SchoolCode, string Municipality, string Role, string Level, string Type, decimal Fte,
    DateOnly StartsOn, DateOnly? EndsOn);

[PublicEvent("staffing.contract_ended", 1, "Employment under a contract ended (expired, transfer, retirement, resignation, dismissal, deceased).")]
public sealed record ContractEndedV1(Guid StaffId, Guid ContractId, Guid SchoolId, DateOnly EndedOn, string Reason);

[PublicEvent("staffing.leave_recorded", 1, "Leave from a contract for a period. The kind of leave is personal data (it can reveal health).")]
public sealed record LeaveRecordedV1(Guid StaffId, Guid LeaveId, Guid ContractId, [property: PersonalData] string Kind, DateOnly From, DateOnly To);

[PublicEvent("staffing.teaching_assigned", 1, "A teacher teaches a subject to a class section for a school year.")]
public sealed record TeachingAssignedV1(
    Guid StaffId, Guid AssignmentId, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, string Subject,
    decimal WeeklyHours, bool Homeroom);

[PublicEvent("staffing.teaching_assignment_ended", 1, "A teaching assignment ended.")]
public sealed record TeachingAssignmentEndedV1(Guid StaffId, Guid AssignmentId);

internal static class StaffingPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<StaffMemberRegistered, StaffMemberRegisteredV1>(
            (e, _) => new(e.StaffId, e.FirstName, e.ParentName, e.LastName, e.BirthDate, PublicEventMap.Name(e.Sex), e.TeachingLanguages),
            e => e.StaffId, PublicChange.Created)
        .Add<StaffDetailsCorrected, StaffDetailsCorrectedV1>(
            (e, _) => new(e.StaffId, e.FirstName, e.ParentName, e.LastName, e.BirthDate, PublicEventMap.Name(e.Sex), e.TeachingLanguages),
            e => e.StaffId, PublicChange.Corrected)
        .Add<QualificationRecorded, QualificationRecordedV1>(
            (e, _) => new(e.StaffId, e.QualificationId, e.IscedLevel, e.Field, e.Year), e => e.StaffId, PublicChange.Updated)
        .Add<CertificationRecorded, CertificationRecordedV1>(
            (e, _) => new(e.StaffId, e.CertificationId, e.Name, e.Issuer, e.IssuedOn), e => e.StaffId, PublicChange.Updated)
        .Add<TrainingRecorded, TrainingRecordedV1>(
            (e, _) => new(e.StaffId, e.TrainingId, PublicEventMap.Name(e.Kind), e.Course, e.Provider, e.Hours, e.CompletedOn),
            e => e.StaffId, PublicChange.Updated)
        .Add<ContractStarted, ContractStartedV1>(
            (e, _) => new(e.StaffId, e.ContractId, e.SchoolId, e.SchoolCode, e.Municipality, PublicEventMap.Name(e.Role),
                PublicEventMap.Name(e.Level),
                PublicEventMap.Name(e.Type), e.Fte, e.StartsOn, e.EndsOn),
            e => e.StaffId, PublicChange.Updated)
        .Add<ContractEnded, ContractEndedV1>(
            (e, _) => new(e.StaffId, e.ContractId, e.SchoolId, e.EndedOn, PublicEventMap.Name(e.Reason)), e => e.StaffId, PublicChange.Updated)
        .Add<LeaveRecorded, LeaveRecordedV1>(
            (e, _) => new(e.StaffId, e.LeaveId, e.ContractId, PublicEventMap.Name(e.Kind), e.From, e.To), e => e.StaffId, PublicChange.Updated)
        .Add<TeachingAssigned, TeachingAssignedV1>(
            (e, _) => new(e.StaffId, e.AssignmentId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Grade, e.Section, e.Subject, e.WeeklyHours,
                e.Homeroom),
            e => e.StaffId, PublicChange.Updated)
        .Add<TeachingAssignmentEnded, TeachingAssignmentEndedV1>(
            (e, _) => new(e.StaffId, e.AssignmentId), e => e.StaffId, PublicChange.Updated);
}
