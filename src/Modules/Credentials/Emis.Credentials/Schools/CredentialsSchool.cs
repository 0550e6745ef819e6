using Emis.Registry.Contracts;
using Marten;

namespace Emis.Credentials.Schools;

/// <summary>
/// Credentials' own copy of what it needs to know about a school (its name and municipality, for Microsoft 365 and School
/// Data Sync, and for scoping municipality officers), kept from the Registry's published <see cref="SchoolChangedV1"/>
/// events: a module never reads another module's tables.
/// </summary>
public sealed class CredentialsSchool
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";
    public long Version { get; set; }
}

/// <summary>Keeps <see cref="CredentialsSchool"/> up to date from this handler's own durable local queue.</summary>
public static class CredentialsSchoolDirectoryHandler
{
    public static async Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession(message.Jurisdiction);
        var existing = await session.LoadAsync<CredentialsSchool>(message.SchoolId, ct);
        // Deliveries can arrive out of order after a retry: never let an older version win.
        if (existing is not null && existing.Version >= message.Version) return;
        session.Store(new CredentialsSchool
        {
            Id = message.SchoolId,
            Code = message.Code,
            Name = message.Name,
            Municipality = message.Municipality,
            Version = message.Version,
        });
        await session.SaveChangesAsync(ct);
    }
}
