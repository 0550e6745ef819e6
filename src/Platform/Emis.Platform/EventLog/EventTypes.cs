using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Emis.Platform.EventLog;

public static class EventTypes
{
    public static IReadOnlyDictionary<string, Type> Of(IDocumentStore store)
    {
        var events = (Marten.Events.EventGraph)((StoreOptions)store.Options).Events;
        return events.AllKnownEventTypes().ToDictionary(m => m.EventTypeName, m => m.EventType, StringComparer.Ordinal);
    }
}
