using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;

namespace Emis.Registry.Schools.GettingSchools;

/// <summary>The registry's school views rebuilt from the school streams with <see cref="SchoolViewProjection"/>'s own methods.</summary>
internal static class SchoolViewReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<SchoolView>(
        store,
        "school-views",
        "the registry's schools (SchoolView documents)",
        [typeof(SchoolRegistered), typeof(SchoolRenamed), typeof(SchoolMoved), typeof(SchoolLanguagesSet), typeof(SchoolStatusChanged)],
        Fold,
        s => s.Id,
        s => s.Version,
        []);

    private static SchoolView? Fold(SchoolView? view, IEvent e)
    {
        switch (e)
        {
            case IEvent<SchoolRegistered> registered:
                return SchoolViewProjection.Create(registered);
            case IEvent<SchoolRenamed> x when view is not null:
                SchoolViewProjection.Apply(x, view);
                break;
            case IEvent<SchoolMoved> x when view is not null:
                SchoolViewProjection.Apply(x, view);
                break;
            case IEvent<SchoolLanguagesSet> x when view is not null:
                SchoolViewProjection.Apply(x, view);
                break;
            case IEvent<SchoolStatusChanged> x when view is not null:
                SchoolViewProjection.Apply(x, view);
                break;
        }
        return view;
    }
}
