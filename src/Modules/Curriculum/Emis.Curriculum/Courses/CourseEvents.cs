namespace Emis.Curriculum.Courses;

/// <summary>A content category of a course (a unit, a topic): statements name it by code (adr/0029).</summary>
public sealed record ContentCategory(string Code, string Name);

/// <summary>What the catalogue says about a course (the same on the commands and the events).</summary>
public interface ICourseDescription
{
    /// <summary>The course's IRI: the xAPI activity id learning platforms give the course.</summary>
    string CourseIri { get; }

    string Name { get; }

    /// <summary>ISO 639 code of the course's language, if it has one.</summary>
    string? Language { get; }

    IReadOnlyList<ContentCategory> ContentCategories { get; }

    /// <summary>The code of a programme of the education structure (formal or non-formal) the course belongs to, if any.</summary>
    string? Programme { get; }
}

// Every event of a course's stream (stream id CourseView.IdFor(IRI): a course is registered once).

/// <summary>The ministry registered a course of a learning platform.</summary>
public sealed record CourseRegistered(
    Guid CourseId, string CourseIri, string Name, string? Language, IReadOnlyList<ContentCategory> ContentCategories, string? Programme)
    : ICourseDescription;

/// <summary>The ministry revised a course's description (all of it at once; the IRI stays).</summary>
public sealed record CourseRevised(
    Guid CourseId, string CourseIri, string Name, string? Language, IReadOnlyList<ContentCategory> ContentCategories, string? Programme)
    : ICourseDescription;
