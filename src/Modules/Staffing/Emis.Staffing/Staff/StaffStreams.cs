using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Staffing.Contracts;
using Emis.Staffing.Schools;
using JasperFx.Events;
using Marten;

namespace Emis.Staffing.Staff;

/// <summary>What every staff command handler shares: fetch for writing, find the school, announce the change.</summary>
internal static class StaffStreams
{
    public static Task<IEventStream<StaffMember>> FetchAsync(IDocumentSession session, Guid staffId, long? expectedVersion, CancellationToken ct) =>
        ExistingStreams.FetchAsync<StaffMember>(session, staffId, expectedVersion, "staffId", "member of staff", ct);

    public static async Task<StaffingSchool> SchoolAsync(IQuerySession session, Guid schoolId, string field, CancellationToken ct)
    {
        var school = await session.LoadAsync<StaffingSchool>(schoolId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");
        return school;
    }

    public static StaffChangedV1 Announce(string jurisdiction, Guid staffId, long version, string change, params (Guid Id,
        string Municipality)[] schools) =>
        new(jurisdiction, staffId, [.. schools.Select(s => s.Id).Distinct()], [.. schools.Select(s => s.Municipality).Distinct()], change, version);

    public static StaffChangedV1 Announce(string jurisdiction, StaffMember staff, long version, string change) =>
        Announce(jurisdiction, staff.Id, version, change, [.. staff.Posts.Values.Select(p => (p.SchoolId, p.Municipality))]);

    public static long NextVersion<T>(IEventStream<T> stream, int events = 1) where T : notnull => (stream.StartingVersion ?? 0) + events;
}
