using Emis.Registry.Contracts;
using Emis.Registry.Schools.GettingSchools;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Registry.Schools.AnnouncingSchools;

/// <summary>
/// Publishes every school of a jurisdiction again as it is now (<see cref="SchoolChangedV1"/> with change
/// <c>announced</c>): how a module deployed after the schools were registered gets its copy of them (<c>./emis registry
/// announce</c>). Subscribers keep a copy only when it is newer than theirs (ReferenceCopy), so announcing again changes
/// nothing for a module that already has the schools.
/// </summary>
public sealed class SchoolAnnouncer(IDocumentStore store, IServiceScopeFactory scopes)
{
    public const string Change = "announced";

    /// <summary>Publishes the schools (durable local queues: delivered by whichever node runs, even after this one stops).</summary>
    public async Task<int> AnnounceAllAsync(string jurisdiction, CancellationToken ct)
    {
        List<SchoolView> schools;
        await using (var session = store.QuerySession(jurisdiction))
        {
            schools = [.. await session.Query<SchoolView>().ToListAsync(ct)];
        }
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var school in schools.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            await bus.PublishAsync(Of(jurisdiction, school), new DeliveryOptions { TenantId = jurisdiction });
        }
        return schools.Count;
    }

    public static SchoolChangedV1 Of(string jurisdiction, SchoolView school) => new(jurisdiction, school.Id, school.Code, school.Name,
        school.Municipality, SchoolStreams.SnakeCase(school.Level.ToString()), SchoolStreams.SnakeCase(school.Status.ToString()),
        [.. school.Languages], school.Version, Change);
}
