using Emis.Enrollment.Contracts;
using Marten;

namespace Emis.Enrollment.Learners.GettingLearners;

/// <summary>The learners in class now, from their profiles (one query, only the placement columns).</summary>
internal sealed class ClassLists(IDocumentStore store) : IClassLists
{
    public async Task<IReadOnlyList<LearnerPlacement>> CurrentPlacementsAsync(string jurisdiction, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var rows = await session.Query<LearnerProfile>()
            .Where(l => (l.Status == LearnerStatus.Enrolled || l.Status == LearnerStatus.Graduated) && l.SchoolId != null)
            .Select(l => new { l.Id, l.SchoolYear, l.SchoolId, l.SchoolCode, l.Grade, l.Section })
            .ToListAsync(ct);
        return [.. rows.Select(r => new LearnerPlacement(r.Id, r.SchoolYear!, r.SchoolId!.Value, r.SchoolCode!, r.Grade!.Value, r.Section!))];
    }
}
