using Emis.Platform.Events;
using Emis.Registry.Contracts;
using Marten;

namespace Emis.Enrollment.Schools;

/// <summary>Keeps <see cref="EnrollmentSchool"/> up to date from the Registry's durable local queue.</summary>
public static class SchoolDirectoryHandler
{
    public static Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct) =>
        ReferenceCopy.KeepAsync(store, message.Jurisdiction, new EnrollmentSchool
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
