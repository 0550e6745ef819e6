using Emis.Platform.Events;
using Emis.Registry.Contracts;
using Marten;

namespace Emis.Credentials.Schools;

/// <summary>Keeps <see cref="CredentialsSchool"/> up to date from this handler's own durable local queue.</summary>
public static class CredentialsSchoolDirectoryHandler
{
    public static Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct) =>
        ReferenceCopy.KeepAsync(store, message.Jurisdiction, new CredentialsSchool
        {
            Id = message.SchoolId,
            Code = message.Code,
            Name = message.Name,
            Municipality = message.Municipality,
            Languages = [.. message.Languages],
            Version = message.Version,
        }, ct);
}
