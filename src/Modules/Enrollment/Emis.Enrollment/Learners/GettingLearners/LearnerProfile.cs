using Emis.Platform.Text;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Enrollment.Learners.GettingLearners;

/// <summary>One step of a learner's school life, as the history shows it.</summary>
public sealed record LearnerHistoryEntry(
    DateTimeOffset At,
    string Change,
    string? SchoolYear,
    Guid? SchoolId,
    string? SchoolCode,
    int? Grade,
    string? Section,
    string? Detail,
    string? Actor,
    long Version);

/// <summary>
/// The read model of a learner: who they are, where they are now, and their whole history. Inline, so a caller
/// reads their own write. The current placement is duplicated into columns for filtering (see EnrollmentModule).
/// </summary>
public sealed class LearnerProfile
{
    public Guid Id { get; set; }
    public string FirstName { get; set; } = "";
    public string? ParentName { get; set; }
    public string LastName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public string MotherTongue { get; set; } = "";
    public string LanguageOfInstruction { get; set; } = "";
    public Disability? Disability { get; set; }
    public string? Community { get; set; }
    public Displacement? Displacement { get; set; }
    public LearnerContacts Contacts { get; set; } = LearnerContacts.None;

    public LearnerStatus Status { get; set; }
    public string? SchoolYear { get; set; }
    public Guid? SchoolId { get; set; }
    public string? SchoolCode { get; set; }
    public string? Municipality { get; set; }
    public int? Grade { get; set; }
    public string? Section { get; set; }
    public YearEndOutcome? Outcome { get; set; }

    /// <summary>"grade:section" of the current class, as teachers' sections are written.</summary>
    public string? ClassKey { get; set; }

    /// <summary>Lower-case, accent-free "first parent last" for name search.</summary>
    public string SearchName { get; set; } = "";

    public List<LearnerHistoryEntry> History { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Whether the learner is in a class now (enrolled or graduated at the end of the current year).</summary>
    public bool InClass => Status is LearnerStatus.Enrolled or LearnerStatus.Graduated;

    /// <summary>
    /// What a name search looks in: the folded names, and when they hold a đ also its plain-d spelling, since people
    /// type "Đorđe" as both "Djordje" and "Dorde".
    /// </summary>
    public static string SearchText(string names)
    {
        var folded = Fold(names);
        return names.Contains('đ', StringComparison.OrdinalIgnoreCase) ? folded + " | " + Fold(names, plainD: true) : folded;
    }

    /// <summary>Folds names for search: lower case, accents dropped ("Šćekić" is "scekic"); the stored name is untouched.</summary>
    public static string Fold(string text, bool plainD = false) => NameFolding.ForComparison(text, plainD);
}

public sealed class LearnerProfileProjection : SingleStreamProjection<LearnerProfile, Guid>
{
    public static LearnerProfile Create(IEvent<LearnerRegistered> e)
    {
        var r = e.Data;
        var profile = new LearnerProfile
        {
            Id = r.LearnerId,
            FirstName = r.FirstName,
            ParentName = r.ParentName,
            LastName = r.LastName,
            BirthDate = r.BirthDate,
            Sex = r.Sex,
            MotherTongue = r.MotherTongue,
            LanguageOfInstruction = r.LanguageOfInstruction,
            Disability = r.Disability,
            Community = r.Community,
            Displacement = r.Displacement,
            Contacts = r.Contacts,
            Status = LearnerStatus.Registered,
            SearchName = LearnerProfile.SearchText($"{r.FirstName} {r.ParentName} {r.LastName}"),
            RegisteredAt = e.Timestamp,
        };
        Record(profile, e, "registered", null);
        return profile;
    }

    public static void Apply(IEvent<LearnerEnrolled> e, LearnerProfile view)
    {
        var d = e.Data;
        // An enrolment recorded for an earlier year (back-filled) joins the history without moving the learner.
        if (view.SchoolYear is null || string.CompareOrdinal(d.SchoolYear, view.SchoolYear) >= 0)
        {
            view.Status = LearnerStatus.Enrolled;
            Place(view, d.SchoolYear, d.SchoolId, d.SchoolCode, d.Municipality, d.Grade, d.Section);
            view.Outcome = null;
        }
        Record(view, e, "enrolled", d.Entry switch
        {
            EntryKind.New => null,
            EntryKind.ReEntry => "re-entry",
            EntryKind.Continuing => "continuing",
            EntryKind.Promotion => "promoted from the previous year",
            EntryKind.Repetition => "repeating the grade",
            _ => null,
        }, d.SchoolYear, d.SchoolId, d.Grade, d.SchoolCode, d.Section);
    }

    public static void Apply(IEvent<LearnerTransferred> e, LearnerProfile view)
    {
        var d = e.Data;
        if (view.SchoolYear == d.SchoolYear)
        {
            Place(view, d.SchoolYear, d.ToSchoolId, d.ToSchoolCode, d.ToMunicipality, d.Grade, d.Section);
        }
        Record(view, e, "transferred", $"from {d.FromSchoolCode}", d.SchoolYear, d.ToSchoolId, d.Grade, d.ToSchoolCode, d.Section);
    }

    public static void Apply(IEvent<LearnerWithdrawn> e, LearnerProfile view)
    {
        if (view.SchoolYear == e.Data.SchoolYear)
        {
            view.Status = e.Data.Reason == WithdrawalReason.Deceased ? LearnerStatus.Deceased : LearnerStatus.Withdrawn;
        }
        var reason = e.Data.Reason switch
        {
            WithdrawalReason.DroppedOut => "dropped out",
            WithdrawalReason.MovedAbroad => "moved abroad",
            WithdrawalReason.Deceased => "deceased",
            _ => "other",
        };
        Record(view, e, "withdrawn", e.Data.Note is null ? reason : $"{reason}: {e.Data.Note}", e.Data.SchoolYear, e.Data.SchoolId);
    }

    public static void Apply(IEvent<YearEndOutcomeRecorded> e, LearnerProfile view)
    {
        if (view.SchoolYear == e.Data.SchoolYear)
        {
            view.Outcome = e.Data.Outcome;
            if (e.Data.Outcome == YearEndOutcome.Graduated) view.Status = LearnerStatus.Graduated;
            else if (view.Status == LearnerStatus.Graduated) view.Status = LearnerStatus.Enrolled;
        }
        var outcome = e.Data.Outcome.ToString().ToLowerInvariant();
        Record(view, e, "outcome_recorded", e.Data.Previous is { } previous ? $"{outcome} (was {previous.ToString().ToLowerInvariant()})" : outcome,
            e.Data.SchoolYear, e.Data.SchoolId, e.Data.Grade);
    }

    public static void Apply(IEvent<LearnerEnrollmentReverted> e, LearnerProfile view) =>
        Record(view, e, "enrollment_reverted", "its import was reverted", e.Data.SchoolYear, e.Data.SchoolId);

    /// <summary>The learner leaves every class list and count; the profile stays for the audit trail, its history says why.</summary>
    public static void Apply(IEvent<LearnerRegistrationReverted> e, LearnerProfile view)
    {
        view.Status = LearnerStatus.Reverted;
        // The reason stays on the event and the import (for the ministry): free text about a whole file is not for every school.
        Record(view, e, "registration_reverted", $"import {e.Data.ImportId:D} reverted by the ministry");
    }

    private static void Place(LearnerProfile view, string year, Guid schoolId, string code, string municipality, int grade, string section)
    {
        view.SchoolYear = year;
        view.SchoolId = schoolId;
        view.SchoolCode = code;
        view.Municipality = municipality;
        view.Grade = grade;
        view.Section = section;
        view.ClassKey = $"{grade}:{section}";
    }

    // Time comes from the event, never the clock: a rebuild reproduces the same document.
    private static void Record(LearnerProfile view, IEvent e, string change, string? detail,
        string? year = null, Guid? schoolId = null, int? grade = null, string? schoolCode = null, string? section = null)
    {
        var actor = e.Headers?.TryGetValue("actor", out var a) == true ? a?.ToString() : null;
        view.History.Add(new LearnerHistoryEntry(e.Timestamp, change, year ?? view.SchoolYear, schoolId ?? view.SchoolId,
            schoolCode ?? view.SchoolCode, grade ?? view.Grade, section ?? view.Section, detail, actor, e.Version));
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
    }
}
