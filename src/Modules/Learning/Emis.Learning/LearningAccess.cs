using Emis.Curriculum.Contracts;
using Emis.Platform.Auth;

namespace Emis.Learning;

/// <summary>Who may read a section's marks and results, one learner's record, and whether they see who the learner is.</summary>
public static class LearningAccess
{
    /// <summary>
    /// A section's marks: a teacher Staffing assigns to teach in it now (so not the same grade and letter of another year),
    /// the school's admin, the municipality's officer and the ministry admin; analysts and partners only with the
    /// personal-data grant.
    /// </summary>
    public static bool MaySeeSection(Caller caller, SectionSubjects section)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(section);
        if (caller.Role == Roles.Teacher)
        {
            return string.Equals(section.SchoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase)
                && Learning.StaffIdOf(caller) is { } staff && section.Subjects.Any(s => s.Teachers.Contains(staff));
        }
        return caller.SeesPersonalData && caller.CanSeeSchool(section.Municipality, section.SchoolCode);
    }

    /// <summary>
    /// One learner's marks where they were given: as <see cref="MaySeeSection"/>, except that a ministry analyst without the
    /// grant sees them too, under a pseudonym (<see cref="SeesLearner"/>). Partners without the grant see no one's record.
    /// </summary>
    public static bool MaySeeRecordRow(Caller caller, SectionSubjects section) =>
        MaySeeSection(caller, section) || (caller.Role == Roles.MinistryAnalyst && !caller.SeesPersonalData);

    /// <summary>
    /// Something about a learner recorded where they were placed (a course statement, with the school, grade and section the
    /// learner was in when it arrived): the school's teachers of that class now, its admin, the municipality's officer and the
    /// ministry admin; analysts and partners with the grant; a ministry analyst without it under a pseudonym.
    /// </summary>
    public static bool MaySeePlacement(Caller caller, string schoolCode, string municipality, int grade, string letter)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role == Roles.MinistryAnalyst && !caller.SeesPersonalData) return true;
        if (!caller.SeesPersonalData || !caller.CanSeeSchool(municipality, schoolCode)) return false;
        return caller.Role != Roles.Teacher
            || caller.Sections.Any(s => s.Grade == grade && string.Equals(s.Section, letter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the caller sees the learner's id, or only a pseudonym.</summary>
    public static bool SeesLearner(Caller caller) => caller.SeesPersonalData;
}
