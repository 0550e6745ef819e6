using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;

namespace Emis.Host;

/// <summary>A session the demo loaders write with: the demo loader as actor, seed as source, a correlation of its own.</summary>
internal static class DemoSession
{
    public static IDocumentSession Open(IDocumentStore store, string jurisdiction)
    {
        var session = store.LightweightSession(jurisdiction);
        session.CorrelationId = "demo-" + Guid.NewGuid().ToString("N");
        session.SetHeader(EventHeaders.Jurisdiction, jurisdiction);
        session.SetHeader(EventHeaders.Actor, "demo-loader");
        session.SetHeader(EventHeaders.Source, Sources.Seed);
        return session;
    }
}
