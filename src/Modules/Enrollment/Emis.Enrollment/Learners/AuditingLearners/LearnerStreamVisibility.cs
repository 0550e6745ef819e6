using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Enrollment.Learners.AuditingLearners;

/// <summary>A learner's history is visible to whoever sees the learner as they are now (see <see cref="LearnerQueries.CanSee"/>).</summary>
internal sealed class LearnerStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var learner = await session.LoadAsync<LearnerProfile>(streamId, ct);
        return learner is null ? null : LearnerQueries.CanSee(caller, learner);
    }
}
