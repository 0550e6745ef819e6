using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Materials;

/// <summary>A catalogued material and the school years it is approved for (one document per material, kept inline).</summary>
public sealed class MaterialView
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Subject { get; set; } = "";
    public List<int> Grades { get; set; } = [];
    public string Language { get; set; } = "";
    public MaterialFormat Format { get; set; }
    public List<AccessibilityFeature> Accessibility { get; set; } = [];
    public string Licence { get; set; } = "";
    public string? Link { get; set; }
    public string? ContentHash { get; set; }

    /// <summary>The school years whose approved list holds the material, in order.</summary>
    public List<string> ApprovedYears { get; set; } = [];
    public DateTimeOffset CataloguedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public bool IsPrint => Format == MaterialFormat.Print;

    public bool ApprovedFor(string schoolYear) => ApprovedYears.Contains(schoolYear);

    /// <summary>For the subject and grade (either left out: any).</summary>
    public bool Teaches(string? subject, int? grade) => (subject is null || Subject == subject) && (grade is null || Grades.Contains(grade.Value));
}

public sealed class MaterialProjection : SingleStreamProjection<MaterialView, Guid>
{
    public static MaterialView Create(IEvent<MaterialCatalogued> e) =>
        Touch(e, Describe(e.Data, new MaterialView { Id = e.Data.MaterialId, CataloguedAt = e.Timestamp }));

    public static MaterialView Apply(IEvent<MaterialRevised> e, MaterialView view) => Touch(e, Describe(e.Data, view));

    public static MaterialView Apply(IEvent<MaterialApproved> e, MaterialView view)
    {
        view.ApprovedYears = [.. view.ApprovedYears.Append(e.Data.SchoolYear).Distinct().Order(StringComparer.Ordinal)];
        return Touch(e, view);
    }

    public static MaterialView Apply(IEvent<MaterialApprovalWithdrawn> e, MaterialView view)
    {
        view.ApprovedYears = [.. view.ApprovedYears.Where(y => y != e.Data.SchoolYear)];
        return Touch(e, view);
    }

    private static MaterialView Describe(IMaterialDescription d, MaterialView view)
    {
        view.Title = d.Title;
        view.Subject = d.Subject;
        view.Grades = [.. d.Grades];
        view.Language = d.Language;
        view.Format = d.Format;
        view.Accessibility = [.. d.Accessibility];
        view.Licence = d.Licence;
        view.Link = d.Link;
        view.ContentHash = d.ContentHash;
        return view;
    }

    // Time and version from the event, never the clock: a rebuild reproduces the same document.
    private static MaterialView Touch(IEvent e, MaterialView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
