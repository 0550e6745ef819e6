using Emis.Curriculum.Courses;
using Emis.Platform.EventLog;

namespace Emis.Curriculum.PublicEvents;

// Curriculum's public events about the courses of learning platforms (no personal data).

/// <summary>A content category as published.</summary>
public sealed record ContentCategoryV1(string Code, string Name);

[PublicEvent("curriculum.course_registered", 1,
    "A course of a learning platform was registered by its IRI (the xAPI activity id): name, language, content categories, programme.")]
public sealed record CourseRegisteredV1(Guid CourseId, string CourseIri, string Name, string? Language,
    IReadOnlyList<ContentCategoryV1> ContentCategories, string? Programme);

[PublicEvent("curriculum.course_revised", 1, "A course's description was revised (name, language, content categories and programme, all at once).")]
public sealed record CourseRevisedV1(Guid CourseId, string CourseIri, string Name, string? Language,
    IReadOnlyList<ContentCategoryV1> ContentCategories, string? Programme);

/// <summary>Registered beside <see cref="CurriculumPublicEvents"/>: the partners' feed reads every module's maps together.</summary>
internal static class CoursesPublicEvents
{
    public static PublicEventMap Map() => new PublicEventMap()
        .Add<CourseRegistered, CourseRegisteredV1>(
            (e, _) => new(e.CourseId, e.CourseIri, e.Name, e.Language, [.. e.ContentCategories.Select(c => new ContentCategoryV1(c.Code, c.Name))],
                e.Programme),
            e => e.CourseId, PublicChange.Created)
        .Add<CourseRevised, CourseRevisedV1>(
            (e, _) => new(e.CourseId, e.CourseIri, e.Name, e.Language, [.. e.ContentCategories.Select(c => new ContentCategoryV1(c.Code, c.Name))],
                e.Programme),
            e => e.CourseId, PublicChange.Corrected);
}
