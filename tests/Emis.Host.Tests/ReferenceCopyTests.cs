using Emis.Enrollment.Schools;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Host.Tests;

/// <summary>A module's copy of another module's reference data only ever moves forward in version.</summary>
[Collection(HostCollection.Name)]
public sealed class ReferenceCopyTests(EmisHostFixture host)
{
    private static EnrollmentSchool School(Guid id, long version, string name) => new() { Id = id, Code = "RC-1", Name = name, Version = version };

    [Fact]
    public void A_copy_supersedes_nothing_and_only_an_older_version()
    {
        var id = Guid.NewGuid();
        Assert.True(ReferenceCopy.Supersedes(School(id, 1, "a"), null));
        Assert.True(ReferenceCopy.Supersedes(School(id, 3, "a"), School(id, 2, "b")));
        Assert.False(ReferenceCopy.Supersedes(School(id, 2, "a"), School(id, 2, "b")));
        Assert.False(ReferenceCopy.Supersedes(School(id, 1, "a"), School(id, 2, "b")));
    }

    [Fact]
    public async Task An_older_or_repeated_delivery_never_overwrites_a_newer_copy()
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        const string jurisdiction = "reference-copy";
        var id = Guid.NewGuid();

        Assert.True(await ReferenceCopy.KeepAsync(store, jurisdiction, School(id, 2, "Second"), CancellationToken.None));
        Assert.False(await ReferenceCopy.KeepAsync(store, jurisdiction, School(id, 1, "First, late"), CancellationToken.None));
        Assert.False(await ReferenceCopy.KeepAsync(store, jurisdiction, School(id, 2, "Second, again"), CancellationToken.None));
        Assert.Equal("Second", await NameAsync());

        Assert.True(await ReferenceCopy.KeepAsync(store, jurisdiction, School(id, 3, "Third"), CancellationToken.None));
        Assert.Equal("Third", await NameAsync());

        async Task<string?> NameAsync()
        {
            await using var session = store.QuerySession(jurisdiction);
            return (await session.LoadAsync<EnrollmentSchool>(id))?.Name;
        }
    }

    [Fact]
    public async Task Deliveries_handled_at_the_same_moment_still_leave_the_newest_copy()
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        const string jurisdiction = "reference-copy-race";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var id = Guid.NewGuid();
            // Versions 1..24 delivered all at once in a shuffled order: without the per-entity lock, a delivery that read
            // an old copy could commit after a newer one and put its older version back.
            var versions = Enumerable.Range(1, 24).OrderBy(_ => Random.Shared.Next()).ToList();
            var stored = await Task.WhenAll(versions.Select(v =>
                Task.Run(() => ReferenceCopy.KeepAsync(store, jurisdiction, School(id, v, "Version " + v), CancellationToken.None))));

            await using var session = store.QuerySession(jurisdiction);
            var copy = await session.LoadAsync<EnrollmentSchool>(id);
            Assert.Equal((24L, "Version 24"), (copy!.Version, copy.Name));
            Assert.True(stored[versions.IndexOf(24)], "the newest delivery is always stored");
        }
    }

    [Fact]
    public async Task A_module_deployed_after_the_schools_were_registered_gets_them_when_the_registry_announces_them()
    {
        var j = new Jurisdiction();
        var school = Guid.Parse(await host.SchoolAsync(j, "AN-1", "Cazin"));
        var store = host.Services.GetRequiredService<IDocumentStore>();
        // Staffing as if deployed after the school was registered: it never heard of it.
        await using (var session = store.LightweightSession(j.Id))
        {
            session.Delete<Staffing.Schools.StaffingSchool>(school);
            await session.SaveChangesAsync();
        }
        var refused = await host.MutateAsync(j.Admin, StaffRequests.Register,
            StaffRequests.NewStaff(StaffRequests.Contract(school.ToString())), "registerStaffMember");
        Assert.Equal("NOT_FOUND", LearnerRequests.Error(refused).Code);

        var announced = await host.TrackedAsync(() => host.Service<Registry.Schools.AnnouncingSchools.SchoolAnnouncer>()
            .AnnounceAllAsync(j.Id, CancellationToken.None));
        Assert.Equal(1, announced);
        await using (var query = store.QuerySession(j.Id))
        {
            var copy = await query.LoadAsync<Staffing.Schools.StaffingSchool>(school);
            Assert.Equal(("AN-1", "Cazin", 1L), (copy!.Code, copy.Municipality, copy.Version));
            // The modules that had it keep theirs: the announcement is the version they already hold.
            Assert.Equal(1L, (await query.LoadAsync<EnrollmentSchool>(school))!.Version);
        }
        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(school.ToString())));
    }
}
