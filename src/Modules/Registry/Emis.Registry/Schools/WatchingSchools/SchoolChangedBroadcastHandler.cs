using Emis.Platform.GraphQL;
using Emis.Registry.Contracts;
using Emis.Registry.Schools.GettingSchools;
using Marten;

namespace Emis.Registry.Schools.WatchingSchools;

/// <summary>
/// Receives the Registry's own integration event from the durable local queue (so it only ever sees committed
/// changes) and hands the school's current view to this node's GraphQL subscribers.
/// </summary>
public static class SchoolChangedBroadcastHandler
{
    public static Task Handle(SchoolChangedV1 message, IDocumentStore store, LiveFeed<SchoolChange> feed, CancellationToken ct) =>
        feed.PublishCurrentAsync<SchoolView>(store, message.Jurisdiction, message.SchoolId,
            school => new SchoolChange(message.Jurisdiction, message.Change, school), ct);
}
