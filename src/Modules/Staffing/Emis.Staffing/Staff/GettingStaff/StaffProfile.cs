using Emis.Platform.Text;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Staffing.Staff.GettingStaff;

public sealed record QualificationEntry(Guid Id, int IscedLevel, string Field, string Institution, int Year);

public sealed record CertificationEntry(Guid Id, string Name, string Issuer, DateOnly IssuedOn);

public sealed record TrainingEntry(Guid Id, TrainingKind Kind, string Course, string Provider, decimal Hours, DateOnly CompletedOn);

public sealed record LeaveEntry(Guid Id, LeaveKind Kind, DateOnly From, DateOnly To);

/// <summary>A contract, current or ended.</summary>
public sealed record ContractEntry(
    Guid Id, Guid SchoolId, string SchoolCode, string Municipality, StaffRole Role, EducationLevel Level, ContractType Type, decimal Fte,
    DateOnly StartsOn, DateOnly? EndsOn, string? FteReason, DateOnly? EndedOn, ContractEnd? EndReason, IReadOnlyList<LeaveEntry> Leaves)
{
    public bool Current => EndReason is null;
}

/// <summary>A teaching assignment, current or ended.</summary>
public sealed record AssignmentEntry(
    Guid Id, Guid SchoolId, string SchoolCode, string SchoolYear, int Grade, string Section, string Subject, decimal WeeklyHours, bool Homeroom,
    bool Current);

/// <summary>One step of a member of staff's working life, as the history shows it.</summary>
public sealed record StaffHistoryEntry(DateTimeOffset At, string Change, string? SchoolCode, string? Detail, string? Actor, long Version);

/// <summary>
/// The read model of a member of staff: who they are, their qualifications and training, contracts, assignments and
/// history. Inline, so a caller reads their own write. The current schools and municipalities are kept in lists for
/// scoping (see <see cref="StaffQueries"/>).
/// </summary>
public sealed class StaffProfile
{
    public Guid Id { get; set; }
    public string FirstName { get; set; } = "";
    public string? ParentName { get; set; }
    public string LastName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public StaffSex Sex { get; set; }
    public List<string> TeachingLanguages { get; set; } = [];
    public StaffContacts Contacts { get; set; } = StaffContacts.None;

    public List<QualificationEntry> Qualifications { get; set; } = [];
    public List<CertificationEntry> Certifications { get; set; } = [];
    public List<TrainingEntry> Trainings { get; set; } = [];
    public List<ContractEntry> Contracts { get; set; } = [];
    public List<AssignmentEntry> Assignments { get; set; } = [];

    /// <summary>Codes of the schools of the current contracts, or of the last contract once none is current.</summary>
    public List<string> SchoolCodes { get; set; } = [];

    /// <summary>Municipalities of the same schools.</summary>
    public List<string> Municipalities { get; set; } = [];

    /// <summary>Whether the member of staff has a current contract.</summary>
    public bool Employed { get; set; }

    /// <summary>Lower-case, accent-free "first parent last" for name search.</summary>
    public string SearchName { get; set; } = "";

    public List<StaffHistoryEntry> History { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public IEnumerable<ContractEntry> CurrentContracts => Contracts.Where(c => c.Current);

    public decimal Fte => CurrentContracts.Sum(c => c.Fte);

    public static string SearchText(string names) => NameFolding.Fold(names);
}

public sealed class StaffProfileProjection : SingleStreamProjection<StaffProfile, Guid>
{
    public static StaffProfile Create(IEvent<StaffMemberRegistered> e)
    {
        var profile = new StaffProfile { Id = e.Data.StaffId, RegisteredAt = e.Timestamp };
        Details(profile, e.Data.FirstName, e.Data.ParentName, e.Data.LastName, e.Data.BirthDate, e.Data.Sex, e.Data.TeachingLanguages,
            e.Data.Contacts);
        Record(profile, e, "registered", null, null);
        return profile;
    }

    public static void Apply(IEvent<StaffDetailsCorrected> e, StaffProfile view)
    {
        var d = e.Data;
        Details(view, d.FirstName, d.ParentName, d.LastName, d.BirthDate, d.Sex, d.TeachingLanguages, d.Contacts);
        // The reason stays in the event's metadata (the audit trail shows it to those who may read it).
        Record(view, e, "corrected", null, null);
    }

    public static void Apply(IEvent<QualificationRecorded> e, StaffProfile view)
    {
        var d = e.Data;
        view.Qualifications.Add(new(d.QualificationId, d.IscedLevel, d.Field, d.Institution, d.Year));
        Record(view, e, "qualification_recorded", null, $"ISCED {d.IscedLevel}, {d.Field} ({d.Year})");
    }

    public static void Apply(IEvent<CertificationRecorded> e, StaffProfile view)
    {
        var d = e.Data;
        view.Certifications.Add(new(d.CertificationId, d.Name, d.Issuer, d.IssuedOn));
        Record(view, e, "certification_recorded", null, d.Name);
    }

    public static void Apply(IEvent<TrainingRecorded> e, StaffProfile view)
    {
        var d = e.Data;
        view.Trainings.Add(new(d.TrainingId, d.Kind, d.Course, d.Provider, d.Hours, d.CompletedOn));
        Record(view, e, "training_recorded", null, $"{d.Course} ({d.Hours} h)");
    }

    public static void Apply(IEvent<ContractStarted> e, StaffProfile view)
    {
        var d = e.Data;
        view.Contracts.Add(new(d.ContractId, d.SchoolId, d.SchoolCode, d.Municipality, d.Role, d.Level, d.Type, d.Fte, d.StartsOn, d.EndsOn,
            d.FteReason, null, null, []));
        ScopeOf(view);
        Record(view, e, "contract_started", d.SchoolCode, $"{d.Role} {d.Type} {d.Fte} FTE from {d.StartsOn:yyyy-MM-dd}");
    }

    public static void Apply(IEvent<ContractEnded> e, StaffProfile view)
    {
        var d = e.Data;
        var i = view.Contracts.FindIndex(c => c.Id == d.ContractId);
        if (i < 0) return;
        view.Contracts[i] = view.Contracts[i] with { EndedOn = d.EndedOn, EndReason = d.Reason };
        ScopeOf(view);
        Record(view, e, "contract_ended", view.Contracts[i].SchoolCode, $"{d.Reason} on {d.EndedOn:yyyy-MM-dd}");
    }

    public static void Apply(IEvent<LeaveRecorded> e, StaffProfile view)
    {
        var d = e.Data;
        var i = view.Contracts.FindIndex(c => c.Id == d.ContractId);
        if (i < 0) return;
        view.Contracts[i] = view.Contracts[i] with { Leaves = [.. view.Contracts[i].Leaves, new LeaveEntry(d.LeaveId, d.Kind, d.From, d.To)] };
        Record(view, e, "leave_recorded", view.Contracts[i].SchoolCode, $"{d.Kind} {d.From:yyyy-MM-dd} to {d.To:yyyy-MM-dd}");
    }

    public static void Apply(IEvent<TeachingAssigned> e, StaffProfile view)
    {
        var d = e.Data;
        view.Assignments.Add(new(d.AssignmentId, d.SchoolId, d.SchoolCode, d.SchoolYear, d.Grade, d.Section, d.Subject, d.WeeklyHours, d.Homeroom,
            true));
        Record(view, e, "assigned", d.SchoolCode, $"{d.Subject}, grade {d.Grade}{d.Section} ({d.SchoolYear}), {d.WeeklyHours} h/week");
    }

    public static void Apply(IEvent<TeachingAssignmentEnded> e, StaffProfile view)
    {
        var i = view.Assignments.FindIndex(a => a.Id == e.Data.AssignmentId);
        if (i < 0) return;
        view.Assignments[i] = view.Assignments[i] with { Current = false };
        var a = view.Assignments[i];
        Record(view, e, "assignment_ended", a.SchoolCode, $"{a.Subject}, grade {a.Grade}{a.Section} ({a.SchoolYear})");
    }

    private static void Details(StaffProfile view, string first, string? parent, string last, DateOnly birthDate, StaffSex sex,
        IReadOnlyList<string> languages, StaffContacts contacts)
    {
        view.FirstName = first;
        view.ParentName = parent;
        view.LastName = last;
        view.BirthDate = birthDate;
        view.Sex = sex;
        view.TeachingLanguages = [.. languages];
        view.Contacts = contacts;
        view.SearchName = StaffProfile.SearchText($"{first} {parent} {last}");
    }

    private static void ScopeOf(StaffProfile view)
    {
        var current = view.Contracts.Where(c => c.Current).ToList();
        List<ContractEntry> scope = current.Count > 0 ? current : [.. view.Contracts.TakeLast(1)];
        view.Employed = current.Count > 0;
        view.SchoolCodes = [.. scope.Select(c => c.SchoolCode).Distinct(StringComparer.Ordinal)];
        view.Municipalities = [.. scope.Select(c => c.Municipality).Distinct(StringComparer.Ordinal)];
    }

    // Time comes from the event, never the clock: a rebuild reproduces the same document.
    private static void Record(StaffProfile view, IEvent e, string change, string? schoolCode, string? detail)
    {
        var actor = e.Headers?.TryGetValue("actor", out var a) == true ? a?.ToString() : null;
        view.History.Add(new StaffHistoryEntry(e.Timestamp, change, schoolCode, detail, actor, e.Version));
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
    }
}
