using Emis.Platform.Events;
using Emis.Registry.Contracts;
using JasperFx.Events;
using Marten;
using Wolverine;

namespace Emis.Registry.Schools;

/// <summary>What every school command handler shares: fetch the stream for writing, append, announce.</summary>
internal static class SchoolStreams
{
    public static Task<IEventStream<School>> FetchAsync(IDocumentSession session, Guid schoolId, long? expectedVersion, CancellationToken ct) =>
        ExistingStreams.FetchAsync<School>(session, schoolId, expectedVersion, "schoolId", "school", ct);

    /// <summary>Appends the event and returns the integration event announcing the school's new state.</summary>
    public static OutgoingMessages Append(IDocumentSession session, IEventStream<School> stream, object @event, School after, string change)
    {
        stream.AppendOne(@event);
        return [Announce(session.TenantId, after, (stream.StartingVersion ?? 0) + 1, change)];
    }

    public static SchoolChangedV1 Announce(string jurisdiction, School school, long version, string change) => new(
        jurisdiction,
        school.Id,
        school.Code,
        school.Name,
        school.Municipality,
        SnakeCase(school.Level.ToString()),
        SnakeCase(school.Status.ToString()),
        school.Languages,
        version,
        change);

    public static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
