using Emis.Platform.Privacy;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// What diplomas hold about a learner outside the event log, for their erasure (adr/0024): the diploma documents, rewritten
/// from the events, whose names, marks and signed credential then read as erased. Emis stops serving the credential; a copy
/// the graduate kept still verifies (its signature and status entry are untouched). No retention rule of its own.
/// </summary>
internal sealed class DiplomaPersonalData : IPersonalDataHolder
{
    public async Task<PersonHeld?> FindAsync(IQuerySession session, Guid person, CancellationToken ct) =>
        await session.Query<DiplomaView>().AnyAsync(d => d.LearnerId == person, ct) ? new PersonHeld("credentials", false, null) : null;

    public async Task EraseAsync(IDocumentSession session, Guid person, CancellationToken ct)
    {
        foreach (var id in await session.Query<DiplomaView>().Where(d => d.LearnerId == person).Select(d => d.Id).ToListAsync(ct))
        {
            if (await session.Events.AggregateStreamAsync<DiplomaView>(id, token: ct) is { } view) session.Store(view);
        }
    }
}
