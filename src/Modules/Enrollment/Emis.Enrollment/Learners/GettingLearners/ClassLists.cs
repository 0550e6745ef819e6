using Emis.Enrollment.Contracts;
using Emis.Enrollment.Statistics;
using Marten;

namespace Emis.Enrollment.Learners.GettingLearners;

/// <summary>The learners in class now, from their profiles (one query, only the placement columns).</summary>
internal sealed class ClassLists(IDocumentStore store) : IClassLists
{
    public Task<IReadOnlyList<LearnerPlacement>> CurrentPlacementsAsync(string jurisdiction, CancellationToken ct) =>
        PlacementsAsync(jurisdiction, null, ct);

    public Task<IReadOnlyList<LearnerPlacement>> CurrentPlacementsAsync(string jurisdiction, Guid schoolId, CancellationToken ct) =>
        PlacementsAsync(jurisdiction, schoolId, ct);

    public async Task<IReadOnlyList<LearnerWhereabouts>> WhereaboutsAsync(string jurisdiction, IReadOnlyCollection<Guid> learnerIds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(learnerIds);
        if (learnerIds.Count == 0) return [];
        var ids = learnerIds.Distinct().ToArray();
        await using var session = store.QuerySession(jurisdiction);
        var rows = await session.Query<LearnerProfile>()
            .Where(l => ids.Contains(l.Id) && l.Status != LearnerStatus.Reverted)
            .Select(l => new { l.Id, l.Sex, l.Status, l.SchoolYear, l.SchoolId, l.SchoolCode, l.Municipality, l.Grade, l.Section })
            .ToListAsync(ct);
        return [.. rows.Select(r => r.Status is LearnerStatus.Enrolled or LearnerStatus.Graduated && r.SchoolId is { } school
            ? new LearnerWhereabouts(r.Id, Dimension.Of(r.Sex), new LearnerPlacement(r.Id, r.SchoolYear!, school, r.SchoolCode!, r.Grade!.Value,
                r.Section!), r.Municipality)
            : new LearnerWhereabouts(r.Id, Dimension.Of(r.Sex), null, null))];
    }

    public async Task<IReadOnlyList<LearnerIdentity>> IdentitiesAsync(string jurisdiction, IReadOnlyCollection<Guid> learnerIds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(learnerIds);
        if (learnerIds.Count == 0) return [];
        var ids = learnerIds.Distinct().ToArray();
        await using var session = store.QuerySession(jurisdiction);
        var rows = await session.Query<LearnerProfile>()
            .Where(l => ids.Contains(l.Id) && l.Status != LearnerStatus.Reverted)
            .Select(l => new { l.Id, l.FirstName, l.ParentName, l.LastName, l.BirthDate, l.LanguageOfInstruction })
            .ToListAsync(ct);
        return [.. rows.Select(r => new LearnerIdentity(r.Id, r.FirstName, r.ParentName, r.LastName, r.BirthDate, r.LanguageOfInstruction))];
    }

    private async Task<IReadOnlyList<LearnerPlacement>> PlacementsAsync(string jurisdiction, Guid? schoolId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var query = session.Query<LearnerProfile>()
            .Where(l => (l.Status == LearnerStatus.Enrolled || l.Status == LearnerStatus.Graduated) && l.SchoolId != null);
        if (schoolId is { } school) query = query.Where(l => l.SchoolId == school);
        var rows = await query
            .Select(l => new { l.Id, l.SchoolYear, l.SchoolId, l.SchoolCode, l.Grade, l.Section })
            .ToListAsync(ct);
        return [.. rows.Select(r => new LearnerPlacement(r.Id, r.SchoolYear!, r.SchoolId!.Value, r.SchoolCode!, r.Grade!.Value, r.Section!))];
    }
}
