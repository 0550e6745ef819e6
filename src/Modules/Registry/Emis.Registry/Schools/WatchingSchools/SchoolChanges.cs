using Emis.Platform.GraphQL;
using Emis.Registry.Contracts;
using Emis.Registry.Schools.GettingSchools;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Registry.Schools.WatchingSchools;

/// <summary>A change pushed to subscribers: what happened and the school as it is now.</summary>
public sealed record SchoolChange(string Jurisdiction, string Change, SchoolView School);

/// <summary>
/// Receives the Registry's own integration event from the durable local queue (so it only ever sees committed
/// changes) and hands the school's current view to this node's GraphQL subscribers.
/// </summary>
public static class SchoolChangedBroadcastHandler
{
    public static async Task Handle(SchoolChangedV1 message, IDocumentStore store, LiveFeed<SchoolChange> feed, CancellationToken ct)
    {
        if (feed.SubscriberCount == 0) return;
        await using var session = store.QuerySession(message.Jurisdiction);
        var school = await session.LoadAsync<SchoolView>(message.SchoolId, ct);
        if (school is not null) feed.Publish(new SchoolChange(message.Jurisdiction, message.Change, school));
    }
}

public sealed class SchoolChangeGraphType : ObjectGraphType<SchoolChange>
{
    public SchoolChangeGraphType()
    {
        Name = "SchoolChange";
        Field(x => x.Change).Description("registered, renamed, moved, status_changed or languages_set");
        Field(x => x.School, type: typeof(NonNullGraphType<SchoolGraphType>));
    }
}

internal static class SchoolChangedSubscription
{
    public static void Add(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<SchoolChangeGraphType>, SchoolChange>("schoolChanged")
            .Description("Every change to a school in your scope, as it is committed. Optionally only one municipality's.")
            .Argument<StringGraphType>("municipality")
            .ResolveStream(context =>
            {
                var caller = context.Caller();
                var municipality = context.GetArgument<string?>("municipality");
                return context.RequestServices!.GetRequiredService<LiveFeed<SchoolChange>>().Where(change =>
                    change.Jurisdiction == caller.Jurisdiction
                    && caller.CanSeeSchool(change.School.Municipality, change.School.Code)
                    && (municipality is null || change.School.Municipality == municipality));
            });
}
