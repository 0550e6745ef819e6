using Emis.Platform.EventLog;

namespace Emis.Enrollment.Learners;

// Every event of a learner's stream: the stream's schema in one place. Names in the store are explicit
// (enrollment.*, see EnrollmentModule) so that renaming a class never renames history.

public enum Sex
{
    Female,
    Male,
}

public enum Disability
{
    None,
    Visual,
    Hearing,
    Physical,
    Intellectual,
    Multiple,
    Other,
}

public enum Displacement
{
    None,
    InternallyDisplaced,
    Refugee,
    Returnee,
    MigrantInTransit,
}

public enum WithdrawalReason
{
    DroppedOut,
    MovedAbroad,
    Deceased,
    Other,
}

public enum YearEndOutcome
{
    Promoted,
    Repeating,
    Graduated,
}

/// <summary>How an enrolment came about.</summary>
public enum EntryKind
{
    /// <summary>First enrolment of the learner in Emis.</summary>
    New,

    /// <summary>Enrolled for a later year after a previous one.</summary>
    Continuing,

    /// <summary>Back after a withdrawal.</summary>
    ReEntry,

    /// <summary>Created by the year-end rollover after a promotion.</summary>
    Promotion,

    /// <summary>Created by the year-end rollover for a learner repeating the grade.</summary>
    Repetition,
}

/// <summary>
/// A learner's contacts. A learner under 13 has none of their own: only the parent's or guardian's are kept.
/// </summary>
public sealed record LearnerContacts(string? Email, string? Phone, string? GuardianName, string? GuardianEmail, string? GuardianPhone)
{
    public static readonly LearnerContacts None = new(null, null, null, null, null);

    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => "LearnerContacts { (withheld) }";
}

/// <remarks>
/// Personal fields are marked for the audit trail and exports: names become pseudonyms, the birth date its year;
/// contacts and the special-category attributes (disability, community, displacement) are withheld from callers
/// without personal data.
/// </remarks>
[AboutPerson]
public sealed record LearnerRegistered(
    Guid LearnerId,
    [PersonalData] string FirstName,
    [PersonalData] string? ParentName,
    [PersonalData] string LastName,
    [PersonalData(PersonalDataHandling.YearOnly)] DateOnly BirthDate,
    Sex Sex,
    string MotherTongue,
    string LanguageOfInstruction,
    [PersonalData(PersonalDataHandling.Withhold, KeptForFigures = true)] Disability? Disability,
    [PersonalData(PersonalDataHandling.Withhold, KeptForFigures = true)] string? Community,
    [PersonalData(PersonalDataHandling.Withhold, KeptForFigures = true)] Displacement? Displacement,
    [PersonalData(PersonalDataHandling.Withhold)] LearnerContacts Contacts)
{
    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => $"LearnerRegistered {{ LearnerId = {LearnerId} }}";
}

/// <summary>Entered a school for a school year. The municipality is the school's at that moment, so figures replay identically.</summary>
[AboutPerson]
public sealed record LearnerEnrolled(
    Guid LearnerId,
    string SchoolYear,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    int Grade,
    string Section,
    EntryKind Entry);

/// <summary>Left one school and entered another within the same school year.</summary>
[AboutPerson]
public sealed record LearnerTransferred(
    Guid LearnerId,
    string SchoolYear,
    Guid FromSchoolId,
    string FromSchoolCode,
    Guid ToSchoolId,
    string ToSchoolCode,
    string ToMunicipality,
    int Grade,
    string Section);

/// <param name="Note">Free text that may describe the child: withheld from callers without personal data.</param>
[AboutPerson]
public sealed record LearnerWithdrawn(Guid LearnerId, string SchoolYear, Guid SchoolId, WithdrawalReason Reason,
    [PersonalData(PersonalDataHandling.Withhold)] string? Note);

/// <summary>The year's result for the learner; <paramref name="Previous"/> is set when it corrects an earlier one.</summary>
/// <param name="FromMarks">Confirmed by the school from the learner's final marks (the Learning module, adr/0028): it stands on
/// them, and only a confirmation from marks changes it.</param>
[AboutPerson]
public sealed record YearEndOutcomeRecorded(
    Guid LearnerId,
    string SchoolYear,
    Guid SchoolId,
    int Grade,
    YearEndOutcome Outcome,
    YearEndOutcome? Previous,
    bool FromMarks = false);

/// <summary>
/// Compensates an enrolment that should never have been made (its import was reverted, adr/0026): the year's enrolment
/// ends as if it had not been, not as a withdrawal, so it never counts as a dropout.
/// </summary>
[AboutPerson]
public sealed record LearnerEnrollmentReverted(Guid LearnerId, string SchoolYear, Guid SchoolId, Guid ImportId);

/// <summary>
/// Compensates a registration that should never have been made: the import that registered the learner was reverted by
/// the ministry (adr/0026). Every enrolment still open was reverted just before, by <see cref="LearnerEnrollmentReverted"/>;
/// the learner takes no further commands and is no longer a candidate duplicate for later imports.
/// </summary>
/// <param name="Reason">Why the ministry reverted the import; free text, withheld from callers without personal data.</param>
[AboutPerson]
public sealed record LearnerRegistrationReverted(Guid LearnerId, Guid ImportId, [PersonalData(PersonalDataHandling.Withhold)] string Reason)
{
    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => $"LearnerRegistrationReverted {{ LearnerId = {LearnerId}, ImportId = {ImportId} }}";
}
