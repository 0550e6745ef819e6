using Emis.Platform.Auth;

namespace Emis.Learning;

/// <summary>Who may read a section's marks and results, one learner's record, and whether they see who the learner is.</summary>
public static class LearningAccess
{
    /// <summary>
    /// A section's marks: its teachers (a teacher with an assignment to the section at their school), the school's admin, the
    /// municipality's officer and the ministry admin; analysts and partners only with the personal-data grant.
    /// </summary>
    public static bool MaySeeSection(Caller caller, string schoolCode, string municipality, int grade, string letter)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.SeesPersonalData || !caller.CanSeeSchool(municipality, schoolCode)) return false;
        return caller.Role != Roles.Teacher
            || caller.Sections.Any(s => s.Grade == grade && string.Equals(s.Section, letter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// One learner's marks where they were given: as <see cref="MaySeeSection"/>, except that analysts and partners without
    /// the grant see them too, under a pseudonym (<see cref="SeesLearner"/>).
    /// </summary>
    public static bool MaySeeRecordRow(Caller caller, string schoolCode, string municipality, int grade, string letter) =>
        MaySeeSection(caller, schoolCode, municipality, grade, letter) || (!caller.SeesPersonalData && caller.SeesWholeJurisdiction);

    /// <summary>Whether the caller sees the learner's id, or only a pseudonym.</summary>
    public static bool SeesLearner(Caller caller) => caller.SeesPersonalData;
}
