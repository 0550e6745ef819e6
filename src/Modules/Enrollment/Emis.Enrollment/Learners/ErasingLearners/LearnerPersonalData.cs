using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.Imports;
using Emis.Platform.Privacy;
using Marten;

namespace Emis.Enrollment.Learners.ErasingLearners;

/// <summary>
/// What Enrollment keeps about a learner outside the event log, for their erasure (adr/0024): the learner's profile,
/// rewritten from the events (names, birth date and contacts read as erased; sex, birth year, languages and the
/// attributes figures count by stay), and the import report rows about them. Retention runs from the learner's last
/// change once they are no longer enrolled (<c>Emis:Privacy:Retention:LearnerYears</c>).
/// </summary>
internal sealed class LearnerPersonalData(RetentionRules rules, ImportRows importRows) : IPersonalDataHolder
{
    public async Task<PersonHeld?> FindAsync(IQuerySession session, Guid person, CancellationToken ct)
    {
        var profile = await session.LoadAsync<LearnerProfile>(person, ct);
        if (profile is null) return null;
        var active = profile.Status is LearnerStatus.Enrolled or LearnerStatus.Registered;
        return new PersonHeld("enrollment", active, rules.Until(session.TenantId, "Learner", profile.UpdatedAt));
    }

    public async Task EraseAsync(IDocumentSession session, Guid person, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<LearnerProfile>(person, token: ct) is { } profile) session.Store(profile);
        await importRows.EraseAsync(session, person, ct);
    }
}
