using Emis.Features.AuditTrail;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Host.Tests;

/// <summary>
/// Which stored events are about a person is each module's word (<see cref="AboutPersonAttribute"/>), not a naming rule
/// of the platform; these tests hold every module to it, so that a reason written about a child is never shown to a
/// caller without the personal-data grant.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AboutPersonTests(EmisHostFixture host)
{
    [Fact]
    public void every_stored_event_that_names_a_learner_or_an_account_holder_is_marked_about_a_person()
    {
        var types = EventTypes.Of(host.Service<IDocumentStore>());
        var unmarked = types
            .Where(t => t.Value.GetProperty("LearnerId") is not null || t.Value.GetProperty("PersonId") is not null)
            .Where(t => !t.Value.IsDefined(typeof(AboutPersonAttribute), inherit: false))
            .Select(t => t.Key)
            .ToList();

        Assert.Contains(types, t => t.Value.IsDefined(typeof(AboutPersonAttribute), inherit: false));
        Assert.True(unmarked.Count == 0, "not marked [AboutPerson]: " + string.Join(", ", unmarked));
    }

    [Theory]
    [InlineData("enrollment.learner_withdrawn", true)]
    [InlineData("enrollment.attendance_corrected", true)]
    [InlineData("credentials.account_provisioning_failed", true)]
    [InlineData("registry.school_renamed", false)]
    [InlineData("registry.school_status_changed", false)]
    public void a_reason_is_withheld_only_on_events_about_a_person(string storedType, bool aboutPerson) =>
        Assert.Equal(aboutPerson, host.Service<Pseudonymiser>().ConcernsPerson(storedType));
}
