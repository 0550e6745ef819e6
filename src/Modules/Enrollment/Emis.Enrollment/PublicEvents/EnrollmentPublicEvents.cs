using Emis.Enrollment.Attendance;
using Emis.Enrollment.Learners;
using Emis.Platform.EventLog;

namespace Emis.Enrollment.PublicEvents;

// Enrollment's public integration events. Learners are known to partners by their stable, pseudonymous id; names,
// birth dates and the special categories (disability, community, displacement) are personal data and reach only
// partners granted personal data. Contacts and free-text notes are never published.

[PublicEvent("enrollment.learner_registered", 1, "A learner entered Emis.")]
public sealed record LearnerRegisteredV1(
    Guid LearnerId,
    [property: PersonalData] string FirstName,
    [property: PersonalData] string? ParentName,
    [property: PersonalData] string LastName,
    [property: PersonalData] DateOnly BirthDate,
    string Sex,
    string MotherTongue,
    string LanguageOfInstruction,
    [property: PersonalData] string? Disability,
    [property: PersonalData] string? Community,
    [property: PersonalData] string? Displacement);

[PublicEvent("enrollment.learner_enrolled", 1, "A learner entered a school, grade and section for a school year.")]
public sealed record LearnerEnrolledV1(
    Guid LearnerId, string SchoolYear, Guid SchoolId, string SchoolCode, string Municipality, int Grade, string Section, string Entry);

[PublicEvent("enrollment.learner_transferred", 1, "A learner left one school for another within the school year.")]
public sealed record LearnerTransferredV1(
    Guid LearnerId, string SchoolYear, Guid FromSchoolId, string FromSchoolCode, Guid ToSchoolId, string ToSchoolCode,
    string ToMunicipality, int Grade, string Section);

[PublicEvent("enrollment.learner_withdrawn", 1, "A learner's enrolment for the school year ended (dropped out, moved abroad, deceased, other).")]
public sealed record LearnerWithdrawnV1(Guid LearnerId, string SchoolYear, Guid SchoolId, string Reason);

[PublicEvent("enrollment.learner_enrollment_reverted", 1,
    "A learner's enrolment was undone because the import that made it was reverted: forget it (it was never a withdrawal).")]
public sealed record LearnerEnrollmentRevertedV1(Guid LearnerId, string SchoolYear, Guid SchoolId, Guid ImportId);

[PublicEvent("enrollment.learner_registration_reverted", 1,
    "A learner's registration was undone because the import that made it was reverted: forget the learner.")]
public sealed record LearnerRegistrationRevertedV1(Guid LearnerId, Guid ImportId);

[PublicEvent("enrollment.year_end_outcome_recorded", 1, "A learner's result for the school year; with `previous` set it corrects an earlier one.")]
public sealed record YearEndOutcomeRecordedV1(Guid LearnerId, string SchoolYear, Guid SchoolId, int Grade, string Outcome, string? Previous);

[PublicEvent("enrollment.attendance_recorded", 1, "A class's attendance for one day.")]
public sealed record AttendanceRecordedV1(
    Guid ClassDayId, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, DateOnly Date,
    IReadOnlyList<AttendanceMarkV1> Marks);

/// <summary>One learner's mark in <see cref="AttendanceRecordedV1"/>.</summary>
public sealed record AttendanceMarkV1(Guid LearnerId, string Status);

[PublicEvent("enrollment.attendance_corrected", 1, "One learner's attendance mark was corrected after the fact.")]
public sealed record AttendanceCorrectedV1(Guid ClassDayId, Guid LearnerId, string From, string To);

internal static class EnrollmentPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<LearnerRegistered, LearnerRegisteredV1>(
            (e, _) => new(e.LearnerId, e.FirstName, e.ParentName, e.LastName, e.BirthDate, PublicEventMap.Name(e.Sex), e.MotherTongue,
                e.LanguageOfInstruction, Optional(e.Disability), e.Community, Optional(e.Displacement)),
            e => e.LearnerId, PublicChange.Created)
        .Add<LearnerEnrolled, LearnerEnrolledV1>(
            (e, _) => new(e.LearnerId, e.SchoolYear, e.SchoolId, e.SchoolCode, e.Municipality, e.Grade, e.Section, PublicEventMap.Name(e.Entry)),
            e => e.LearnerId, PublicChange.Created)
        .Add<LearnerTransferred, LearnerTransferredV1>(
            (e, _) => new(
                e.LearnerId, e.SchoolYear, e.FromSchoolId, e.FromSchoolCode, e.ToSchoolId, e.ToSchoolCode, e.ToMunicipality, e.Grade, e.Section),
            e => e.LearnerId, PublicChange.Updated)
        .Add<LearnerWithdrawn, LearnerWithdrawnV1>(
            (e, _) => new(e.LearnerId, e.SchoolYear, e.SchoolId, PublicEventMap.Name(e.Reason)), e => e.LearnerId, PublicChange.Deleted)
        .Add<LearnerEnrollmentReverted, LearnerEnrollmentRevertedV1>(
            (e, _) => new(e.LearnerId, e.SchoolYear, e.SchoolId, e.ImportId), e => e.LearnerId, PublicChange.Deleted)
        .Add<LearnerRegistrationReverted, LearnerRegistrationRevertedV1>(
            (e, _) => new(e.LearnerId, e.ImportId), e => e.LearnerId, PublicChange.Deleted)
        .Add<YearEndOutcomeRecorded, YearEndOutcomeRecordedV1>(
            (e, _) => new(e.LearnerId, e.SchoolYear, e.SchoolId, e.Grade, PublicEventMap.Name(e.Outcome), Optional(e.Previous)),
            e => e.LearnerId, e => e.Previous is null ? PublicChange.Created : PublicChange.Corrected)
        .Add<AttendanceRecorded, AttendanceRecordedV1>(
            (e, _) => new(e.ClassDayId, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Grade, e.Section, e.Date,
                [.. e.Marks.Select(m => new AttendanceMarkV1(m.LearnerId, PublicEventMap.Name(m.Status)))]),
            e => e.ClassDayId, PublicChange.Created)
        .Add<AttendanceCorrected, AttendanceCorrectedV1>(
            (e, _) => new(e.ClassDayId, e.LearnerId, PublicEventMap.Name(e.From), PublicEventMap.Name(e.To)), e => e.ClassDayId,
                PublicChange.Corrected);

    private static string? Optional<T>(T? value) where T : struct, Enum => value is { } v ? PublicEventMap.Name(v) : null;
}
