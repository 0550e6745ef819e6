using Marten;

namespace Emis.Platform.EventLog;

public static class EventTypes
{
    public static IReadOnlyDictionary<string, Type> Of(IDocumentStore store)
    {
        var events = (Marten.Events.EventGraph)((StoreOptions)store.Options).Events;
        return events.AllKnownEventTypes().ToDictionary(m => m.EventTypeName, m => m.EventType, StringComparer.Ordinal);
    }
}
