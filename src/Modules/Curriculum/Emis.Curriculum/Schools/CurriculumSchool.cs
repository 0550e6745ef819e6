using Emis.Platform.Events;
using Emis.Registry.Contracts;
using Marten;

namespace Emis.Curriculum.Schools;

/// <summary>Curriculum's own copy of what it needs to know about a school, kept from the Registry's <see cref="SchoolChangedV1"/>.</summary>
public sealed class CurriculumSchool : IReferenceCopy
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";

    /// <summary>primary, lower_secondary, upper_secondary or combined (the Registry's levels).</summary>
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public long Version { get; set; }

    public bool IsClosed => Status == "closed";
}

/// <summary>Keeps <see cref="CurriculumSchool"/> up to date from the Registry's durable local queue.</summary>
public static class CurriculumSchoolDirectoryHandler
{
    public static Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct) =>
        ReferenceCopy.KeepAsync(store, message.Jurisdiction, new CurriculumSchool
        {
            Id = message.SchoolId,
            Code = message.Code,
            Name = message.Name,
            Municipality = message.Municipality,
            Level = message.Level,
            Status = message.Status,
            Version = message.Version,
        }, ct);
}
