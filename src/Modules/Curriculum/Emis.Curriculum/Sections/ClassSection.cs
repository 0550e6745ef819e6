using Emis.Curriculum.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Sections;

public enum Shift
{
    Morning,
    Afternoon,
    Evening,
    WholeDay,
}

/// <summary>How a section came to be.</summary>
public enum SectionOrigin
{
    /// <summary>Opened by a school or the ministry.</summary>
    Opened,

    /// <summary>Opened by the year-end rollover from the year before's section.</summary>
    Rollover,

    /// <summary>Made from the enrolments stored before sections were entities (adr/0027).</summary>
    Upgrade,
}

// Every event of a section's stream (stream id ClassSections.IdOf(school, year, grade, letter)).

/// <param name="Programme">The programme the section follows (null when the upgrade could not tell which).</param>
/// <param name="Language">ISO 639 code of the language of instruction (und when the upgrade could not tell).</param>
public sealed record SectionOpened(
    Guid SectionId, Guid SchoolId, string SchoolCode, string Municipality, string SchoolYear, string? Programme, int Grade, string Letter,
    string Language, Shift? Shift, SectionOrigin Origin);

/// <summary>The section's homeroom teacher (a member of staff in Staffing), or none when <paramref name="StaffId"/> is null.</summary>
public sealed record HomeroomTeacherAssigned(Guid SectionId, Guid? StaffId);

/// <summary>The programme a section follows was set (one the upgrade could not tell, or corrected).</summary>
public sealed record SectionProgrammeSet(Guid SectionId, string Programme);

/// <summary>The section closed (merged, or never filled); only a section without learners closes.</summary>
public sealed record SectionClosed(Guid SectionId, string Reason);

/// <summary>
/// The enrolments made before sections were entities, which name this section by its school, year, grade and letter, are
/// its learners: the link recorded without rewriting an enrolment (adr/0027).
/// </summary>
public sealed record SectionEnrolmentsLinked(Guid SectionId, IReadOnlyList<Guid> LearnerIds);

/// <summary>A class section, as the write model and the read model both see it (one document per section, kept inline).</summary>
public sealed class SectionView
{
    public Guid Id { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public string? Programme { get; set; }
    public int Grade { get; set; }
    public string Letter { get; set; } = "";
    public string Language { get; set; } = "";
    public Shift? Shift { get; set; }
    public SectionOrigin Origin { get; set; }
    public Guid? HomeroomTeacherId { get; set; }
    public bool Closed { get; set; }
    public string? ClosedReason { get; set; }

    /// <summary>Learners whose earlier enrolments were linked to the section by the upgrade.</summary>
    public List<Guid> LinkedLearners { get; set; } = [];
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>"3A": the grade and the letter, as a class is named.</summary>
    public string Name => $"{Grade}{Letter}";
}

public sealed class SectionProjection : SingleStreamProjection<SectionView, Guid>
{
    public static SectionView Create(IEvent<SectionOpened> e)
    {
        var d = e.Data;
        return Touch(e, new SectionView
        {
            Id = d.SectionId,
            SchoolId = d.SchoolId,
            SchoolCode = d.SchoolCode,
            Municipality = d.Municipality,
            SchoolYear = d.SchoolYear,
            Programme = d.Programme,
            Grade = d.Grade,
            Letter = d.Letter,
            Language = d.Language,
            Shift = d.Shift,
            Origin = d.Origin,
            OpenedAt = e.Timestamp,
        });
    }

    public static SectionView Apply(IEvent<HomeroomTeacherAssigned> e, SectionView view)
    {
        view.HomeroomTeacherId = e.Data.StaffId;
        return Touch(e, view);
    }

    public static SectionView Apply(IEvent<SectionProgrammeSet> e, SectionView view)
    {
        view.Programme = e.Data.Programme;
        return Touch(e, view);
    }

    public static SectionView Apply(IEvent<SectionClosed> e, SectionView view)
    {
        view.Closed = true;
        view.ClosedReason = e.Data.Reason;
        return Touch(e, view);
    }

    public static SectionView Apply(IEvent<SectionEnrolmentsLinked> e, SectionView view)
    {
        view.LinkedLearners = [.. view.LinkedLearners.Union(e.Data.LearnerIds)];
        return Touch(e, view);
    }

    // Time and version from the event, never the clock: a rebuild reproduces the same document.
    private static SectionView Touch(IEvent e, SectionView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Who may act on, and see, which school's sections.</summary>
public static class SectionAccess
{
    public static bool MayManage(Caller caller, CurriculumSchool school) => caller.ManagesSchool(school.Municipality, school.Code);

    public static bool MaySee(Caller caller, string schoolCode, string municipality) => caller.Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
        Roles.MunicipalityOfficer => string.Equals(municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase),
        Roles.SchoolAdmin or Roles.Teacher => string.Equals(schoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The school a section command names, if the caller may manage it; otherwise the refusal.</summary>
    public static async Task<UserError?> ManageAsync(IDocumentStore store, Caller caller, Guid schoolId, string field, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var school = await session.LoadAsync<CurriculumSchool>(schoolId, ct);
        if (school is null || (!MayManage(caller, school) && !MaySee(caller, school.Code, school.Municipality)))
        {
            return new UserError(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");
        }
        return MayManage(caller, school)
            ? null
            : new UserError(ErrorCodes.Forbidden, field, $"The role '{caller.Role}' may not change the sections of {school.Name} ({school.Code}).");
    }

    /// <summary>The section a command names, if the caller may manage its school; otherwise the refusal.</summary>
    public static async Task<UserError?> ManageSectionAsync(IDocumentStore store, Caller caller, Guid sectionId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var section = await session.LoadAsync<SectionView>(sectionId, ct);
        if (section is null || !MaySee(caller, section.SchoolCode, section.Municipality))
        {
            return new UserError(ErrorCodes.NotFound, "sectionId", $"There is no section {sectionId}.");
        }
        return await ManageAsync(store, caller, section.SchoolId, "sectionId", ct);
    }

    public static CommandRejectedException NoSection(Guid sectionId) =>
        new(ErrorCodes.NotFound, "sectionId", $"There is no section {sectionId}.");

    public static Guid IdOf(Guid schoolId, string schoolYear, int grade, string letter) => ClassSections.IdOf(schoolId, schoolYear, grade, letter);
}
