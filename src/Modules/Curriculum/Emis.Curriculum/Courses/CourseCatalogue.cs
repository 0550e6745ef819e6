using Emis.Curriculum.Contracts;
using Marten;

namespace Emis.Curriculum.Courses;

/// <summary><see cref="ICourseCatalogue"/> from the course documents (one read per call: a jurisdiction has a catalogue, not a census).</summary>
internal sealed class CourseCatalogue(IDocumentStore store) : ICourseCatalogue
{
    private const string CategoryPath = "/category/";

    public async Task<CourseEntry?> CourseAsync(string jurisdiction, string courseIri, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(courseIri);
        await using var session = store.QuerySession(jurisdiction);
        var course = await session.LoadAsync<CourseView>(CourseView.IdFor(courseIri), ct);
        return course is null ? null : Entry(course);
    }

    public async Task<IReadOnlyList<CourseEntry>> CoursesAsync(string jurisdiction, CancellationToken ct) =>
        [.. (await LoadAsync(jurisdiction, ct)).OrderBy(c => c.CourseIri, StringComparer.Ordinal).Select(Entry)];

    public async Task<IReadOnlyList<ActivityPlacement>> PlaceAsync(string jurisdiction, IReadOnlyList<ActivityReference> activities,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activities);
        if (activities.Count == 0) return [];
        var courses = (await LoadAsync(jurisdiction, ct)).ToDictionary(c => c.CourseIri, StringComparer.Ordinal);
        return [.. activities.Select(a => Place(a, courses))];
    }

    /// <summary>
    /// The activity's course and content category (the rules are <see cref="ICourseCatalogue.PlaceAsync"/>'s), from the courses by IRI.
    /// </summary>
    public static ActivityPlacement Place(ActivityReference activity, IReadOnlyDictionary<string, CourseView> courses)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(courses);
        var course = CandidatesOf(activity)
            .Select(iri => courses.GetValueOrDefault(iri))
            .OfType<CourseView>()
            .OrderByDescending(c => c.CourseIri.Length)
            .FirstOrDefault();
        if (course is null)
        {
            return new ActivityPlacement(null, null, PlacementProblem.NoCourse,
                "The activity belongs to no registered course: its id does not start with a course's id, and no parent or grouping activity " +
                "is one (the ministry registers courses with registerCourse).");
        }
        if (!string.IsNullOrWhiteSpace(activity.CategoryCode))
        {
            return Category(course, activity.CategoryCode.Trim());
        }
        var prefix = course.CourseIri + CategoryPath;
        var named = activity.CategoryIris.FirstOrDefault(iri => iri.StartsWith(prefix, StringComparison.Ordinal) && iri.Length > prefix.Length);
        return named is null
            ? new ActivityPlacement(course.CourseIri, null, PlacementProblem.None, null)
            : Category(course, Uri.UnescapeDataString(named[prefix.Length..]));
    }

    private static ActivityPlacement Category(CourseView course, string code) => course.CategoryOf(code) is { } category
        ? new ActivityPlacement(course.CourseIri, category.Code, PlacementProblem.None, null)
        : new ActivityPlacement(course.CourseIri, null, PlacementProblem.UnknownCategory,
            $"'{code}' is not a content category of course {course.CourseIri}" + (course.ContentCategories.Count == 0
                ? " (it has none)."
                : $" ({string.Join(", ", course.ContentCategories.Select(c => c.Code))})."));

    /// <summary>
    /// The IRIs that could be the activity's course: its context activities, then the activity's IRI and its prefixes at '/', '?' or '#'.
    /// </summary>
    private static IEnumerable<string> CandidatesOf(ActivityReference activity)
    {
        foreach (var iri in activity.ContextIris) yield return iri;
        var own = activity.ActivityIri;
        yield return own;
        for (var i = own.Length - 1; i > 0; i--)
        {
            if (own[i] is '/' or '?' or '#') yield return own[..i];
        }
    }

    private async Task<IReadOnlyList<CourseView>> LoadAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        return await session.Query<CourseView>().ToListAsync(ct);
    }

    private static CourseEntry Entry(CourseView c) =>
        new(c.CourseIri, c.Name, c.Language, c.Programme, [.. c.ContentCategories.Select(x => new CourseCategory(x.Code, x.Name))]);
}
