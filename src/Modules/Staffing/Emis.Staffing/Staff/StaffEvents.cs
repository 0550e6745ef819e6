using Emis.Platform.EventLog;

namespace Emis.Staffing.Staff;

// Every event of a member of staff's stream (aggregate StaffMember): the stream's schema in one place. Stored names are
// explicit (staffing.*, see StaffingModule). Names, birth dates and contacts are personal data: ToString prints ids only.

public enum StaffSex
{
    Female,
    Male,
}

/// <summary>The ISCED level a teacher teaches at (UIS counts teachers, and sets their standards, per level).</summary>
public enum EducationLevel
{
    /// <summary>Early childhood education (pre-primary).</summary>
    Isced0,

    /// <summary>Primary (in a nine-year primary school, grades 1–5).</summary>
    Isced1,

    /// <summary>Lower secondary (grades 6–9).</summary>
    Isced2,

    /// <summary>Upper secondary (grades 10–13).</summary>
    Isced3,
}

public enum StaffRole
{
    Teacher,
    Director,
    Pedagogue,
    Administrative,
    Support,
}

public enum ContractType
{
    Permanent,
    FixedTerm,
    Substitute,
}

public enum ContractEnd
{
    /// <summary>A fixed-term or substitute contract ran out.</summary>
    Expired,
    Transfer,
    Retirement,
    Resignation,
    Dismissal,
    Deceased,
}

public enum LeaveKind
{
    Maternity,
    Parental,
    Sick,
    Study,
    Unpaid,
}

public enum TrainingKind
{
    /// <summary>Organised teacher training before entering the profession (a teacher-education programme).</summary>
    PreService,

    /// <summary>Organised training while teaching (e.g. digital skills).</summary>
    InService,
}

/// <summary>How to reach a member of staff (work contacts; personal data all the same).</summary>
public sealed record StaffContacts(string? Email, string? Phone)
{
    public static readonly StaffContacts None = new(null, null);
}

/// <summary>A member of staff entered Emis. Names are kept letter for letter.</summary>
[AboutPerson]
public sealed record StaffMemberRegistered(
    Guid StaffId,
    [PersonalData] string FirstName,
    [PersonalData] string? ParentName,
    [PersonalData] string LastName,
    [PersonalData] DateOnly BirthDate,
    StaffSex Sex,
    IReadOnlyList<string> TeachingLanguages,
    [PersonalData] StaffContacts Contacts)
{
    public override string ToString() => $"StaffMemberRegistered {{ StaffId = {StaffId} }}";
}

/// <summary>Registered details were wrong and are corrected (the reason is in the event's metadata).</summary>
[AboutPerson]
public sealed record StaffDetailsCorrected(
    Guid StaffId,
    [PersonalData] string FirstName,
    [PersonalData] string? ParentName,
    [PersonalData] string LastName,
    [PersonalData] DateOnly BirthDate,
    StaffSex Sex,
    IReadOnlyList<string> TeachingLanguages,
    [PersonalData] StaffContacts Contacts)
{
    public override string ToString() => $"StaffDetailsCorrected {{ StaffId = {StaffId} }}";
}

/// <summary>An academic qualification (ISCED level of the degree, field, institution, year).</summary>
[AboutPerson]
public sealed record QualificationRecorded(Guid StaffId, Guid QualificationId, int IscedLevel, string Field, string Institution, int Year);

/// <summary>A teaching certification (licence to teach) was granted.</summary>
[AboutPerson]
public sealed record CertificationRecorded(Guid StaffId, Guid CertificationId, string Name, string Issuer, DateOnly IssuedOn);

/// <summary>Organised teacher training completed, before or while teaching.</summary>
[AboutPerson]
public sealed record TrainingRecorded(
    Guid StaffId, Guid TrainingId, TrainingKind Kind, string Course, string Provider, decimal Hours, DateOnly CompletedOn);

/// <summary>Employment at a school began: a position (role, level, full-time equivalent) under a contract.</summary>
/// <param name="FteReason">Why the member of staff works more than full time across schools, when they do.</param>
[AboutPerson]
public sealed record ContractStarted(
    Guid StaffId,
    Guid ContractId,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    StaffRole Role,
    EducationLevel Level,
    ContractType Type,
    decimal Fte,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    string? FteReason);

/// <summary>Employment under a contract ended (expiry, transfer, retirement, resignation, …).</summary>
[AboutPerson]
public sealed record ContractEnded(Guid StaffId, Guid ContractId, Guid SchoolId, DateOnly EndedOn, ContractEnd Reason);

/// <summary>Leave from a contract for a period (the contract and its figures stay: a post on leave is still a post).</summary>
[AboutPerson]
public sealed record LeaveRecorded(Guid StaffId, Guid LeaveId, Guid ContractId, LeaveKind Kind, DateOnly From, DateOnly To);

/// <summary>A teacher teaches a subject to a class section for a school year, so many hours a week.</summary>
/// <param name="Homeroom">Whether the teacher is also the section's homeroom (class) teacher.</param>
[AboutPerson]
public sealed record TeachingAssigned(
    Guid StaffId,
    Guid AssignmentId,
    Guid SchoolId,
    string SchoolCode,
    string SchoolYear,
    int Grade,
    string Section,
    string Subject,
    decimal WeeklyHours,
    bool Homeroom);

/// <summary>A teaching assignment ended (the teacher no longer teaches that subject to that section).</summary>
[AboutPerson]
public sealed record TeachingAssignmentEnded(Guid StaffId, Guid AssignmentId);
