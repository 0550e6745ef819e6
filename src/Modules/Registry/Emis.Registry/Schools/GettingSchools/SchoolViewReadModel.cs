using Emis.Platform.ReadModels;
using Marten;

namespace Emis.Registry.Schools.GettingSchools;

/// <summary>
/// The registry's school views rebuilt from the school streams with <see cref="SchoolViewProjection"/>'s own
/// methods (Marten's aggregator for the document).
/// </summary>
internal static class SchoolViewReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<SchoolView>(
        store,
        "school-views",
        "the registry's schools (SchoolView documents)",
        [typeof(SchoolRegistered), typeof(SchoolRenamed), typeof(SchoolMoved), typeof(SchoolLanguagesSet), typeof(SchoolStatusChanged)],
        s => s.Id,
        s => s.Version,
        []);
}
