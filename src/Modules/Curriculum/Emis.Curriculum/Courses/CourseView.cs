using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Courses;

/// <summary>A registered course of a learning platform (one document per course, kept inline).</summary>
public sealed class CourseView
{
    private static readonly Guid Namespace = new("6b1e2f94-0c7d-4a53-9e8f-d24a7c1b5e30");

    public Guid Id { get; set; }
    public string CourseIri { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Language { get; set; }
    public List<ContentCategory> ContentCategories { get; set; } = [];
    public string? Programme { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Derived from the IRI: two registrations of the same course at once meet on the stream.</summary>
    public static Guid IdFor(string courseIri) => NameBasedGuid.Create(Namespace, courseIri.Trim());

    public ContentCategory? CategoryOf(string code) =>
        ContentCategories.FirstOrDefault(c => string.Equals(c.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

public sealed class CourseProjection : SingleStreamProjection<CourseView, Guid>
{
    public static CourseView Create(IEvent<CourseRegistered> e) =>
        Touch(e, Describe(e.Data, new CourseView { Id = e.Data.CourseId, RegisteredAt = e.Timestamp }));

    public static CourseView Apply(IEvent<CourseRevised> e, CourseView view) => Touch(e, Describe(e.Data, view));

    private static CourseView Describe(ICourseDescription d, CourseView view)
    {
        view.CourseIri = d.CourseIri;
        view.Name = d.Name;
        view.Language = d.Language;
        view.ContentCategories = [.. d.ContentCategories];
        view.Programme = d.Programme;
        return view;
    }

    // Time and version from the event, never the clock: a rebuild reproduces the same document.
    private static CourseView Touch(IEvent e, CourseView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
