using Emis.Platform.Events;
using Emis.Platform.Imports;
using Emis.Registry.Contracts;

namespace Emis.Enrollment.Schools;

/// <summary>
/// Enrollment's own copy of what it needs to know about a school, kept from the Registry's published
/// <see cref="SchoolChangedV1"/> events (a module never reads another module's tables).
/// </summary>
public sealed class EnrollmentSchool : IReferenceCopy, IImportSchool
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public long Version { get; set; }

    public bool IsClosed => Status == "closed";

    public GradeRange Grades => GradeRange.For(Level);
}
