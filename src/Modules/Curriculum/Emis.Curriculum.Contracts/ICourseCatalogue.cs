namespace Emis.Curriculum.Contracts;

/// <summary>A content category of a course (a unit, a topic) as the ministry registered it.</summary>
public sealed record CourseCategory(string Code, string Name);

/// <summary>
/// A course of a learning platform as Curriculum registered it: its IRI (the xAPI activity id of the course), name, language,
/// content categories, and the programme of the education structure it belongs to, if any (formal or non-formal).
/// </summary>
public sealed record CourseEntry(string CourseIri, string Name, string? Language, string? Programme, IReadOnlyList<CourseCategory> Categories);

/// <summary>
/// An activity as a learning platform names it in a statement: its IRI, the IRIs of the activities it sits in (xAPI's
/// context activities <c>parent</c> and <c>grouping</c>), the IRIs of its category activities (<c>category</c>), and a
/// content category code the platform gave outright (an extension), if any.
/// </summary>
public sealed record ActivityReference(string ActivityIri, IReadOnlyList<string> ContextIris, IReadOnlyList<string> CategoryIris,
    string? CategoryCode);

/// <summary>Why an activity could not be placed in a course.</summary>
public enum PlacementProblem
{
    None,

    /// <summary>The activity belongs to no registered course.</summary>
    NoCourse,

    /// <summary>A content category was named that the course does not have.</summary>
    UnknownCategory,
}

/// <summary>The course and content category an activity belongs to, or the problem (with a sentence a person can act on).</summary>
public sealed record ActivityPlacement(string? CourseIri, string? CategoryCode, PlacementProblem Problem, string? Message);

/// <summary>
/// What Curriculum offers, synchronously, to a module that records learning on courses (Learning's xAPI statements):
/// the registered courses, and which course and content category an activity belongs to. Implemented by the Curriculum module.
/// </summary>
public interface ICourseCatalogue
{
    /// <summary>The course with that IRI, or null when none is registered in the jurisdiction.</summary>
    Task<CourseEntry?> CourseAsync(string jurisdiction, string courseIri, CancellationToken ct);

    /// <summary>Every course of the jurisdiction, by IRI.</summary>
    Task<IReadOnlyList<CourseEntry>> CoursesAsync(string jurisdiction, CancellationToken ct);

    /// <summary>
    /// Places each activity (answers in the same order): its course is the longest registered course IRI that is one of its
    /// context IRIs, or that is its IRI or starts it followed by '/', '?' or '#'; its content category is the code given
    /// outright, or else the first category IRI of the form <c>&lt;course IRI&gt;/category/&lt;code&gt;</c> (other category
    /// IRIs, such as profiles', are not categories of a course). A code the course does not have is a problem; no category is not.
    /// </summary>
    Task<IReadOnlyList<ActivityPlacement>> PlaceAsync(string jurisdiction, IReadOnlyList<ActivityReference> activities, CancellationToken ct);
}
