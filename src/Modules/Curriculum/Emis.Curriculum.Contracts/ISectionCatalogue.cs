namespace Emis.Curriculum.Contracts;

/// <summary>A subject a section is taught by the curriculum in force, and the members of staff assigned to teach it there now.</summary>
public sealed record SubjectOffered(string Code, string Name, IReadOnlyList<Guid> Teachers);

/// <summary>
/// A class section as other modules need it: where and when, the programme and its level (a code of the education structure,
/// with its ISCED level), whether the grade is the programme's last, and the subjects of the curriculum in force.
/// </summary>
public sealed record SectionSubjects(
    Guid SectionId, Guid SchoolId, string SchoolCode, string Municipality, string SchoolYear, int Grade, string Letter, string? Programme,
    string? Level, int? Isced, bool LastGradeOfProgramme, bool Closed, IReadOnlyList<SubjectOffered> Subjects);

/// <summary>
/// What Curriculum offers, synchronously, to a module that records something per section and subject (Learning's marks).
/// Implemented by the Curriculum module.
/// </summary>
public interface ISectionCatalogue
{
    /// <summary>The section, or null when there is none with that id in the jurisdiction.</summary>
    Task<SectionSubjects?> SectionAsync(string jurisdiction, Guid sectionId, CancellationToken ct);

    /// <summary>The codes of the levels of the jurisdiction's education structure (empty before one is set).</summary>
    Task<IReadOnlyList<string>> LevelsAsync(string jurisdiction, CancellationToken ct);
}
