using Emis.Platform.Commands;
using Emis.Platform.Privacy;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>Signs drafts into issued diplomas, and revokes them: the decisions every diploma command shares.</summary>
public sealed class DiplomaIssuance(IssuerKeys keys, CredentialDocuments documents, DiplomaSettings settings, IDocumentStore store,
    TimeProvider clock)
{
    public static async Task<DiplomaView> LoadAsync(IDocumentSession session, Guid id, CancellationToken ct) =>
        await session.LoadAsync<DiplomaView>(id, ct)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, "diplomaId", $"There is no diploma with id {id}.");

    // Appends name the version the stream reaches (the view's version + 1): under the lock it is known, the store checks it,
    // and the inline projection sees the events' versions as a rebuild does.

    /// <summary>
    /// Issues the drafts (the caller holds <see cref="DiplomaLock"/>): each is signed with the jurisdiction's current key (made
    /// when there is none) at a random entry of a status list, one event per diploma.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> IssueAsync(IDocumentSession session, IReadOnlyList<DiplomaView> drafts, CancellationToken ct)
    {
        if (keys.CannotSign() is { } cannot) throw new CommandRejectedException([cannot]);
        var erased = drafts.FirstOrDefault(d => DiplomaView.Erased(d.Content));
        if (erased is not null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "diplomaId",
                $"Diploma {erased.Id}'s learner was erased: it cannot be issued.");
        }
        var (key, signer) = await keys.CurrentAsync(session, ct);
        var kid = $"{settings.IssuerDid(session.TenantId)}#{key.KeyId}";
        var entries = await StatusLists.AllocateAsync(session, drafts.Count, ct);
        // The learners' data keys in one statement rather than one each as the events are written.
        if (PersonalDataEncryption.KeysOf(store) is { } personKeys) await personKeys.PrepareAsync(drafts.Select(d => d.LearnerId), ct);
        // A re-issued diploma names the credential it replaces.
        var replacedIds = drafts.Where(d => d.Replaces is not null).Select(d => d.Replaces!.Value).ToList();
        var replaced = replacedIds.Count == 0
            ? []
            : (await session.LoadManyAsync<DiplomaView>(ct, replacedIds)).ToDictionary(d => d.Id, d => d.CredentialId);
        var now = clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var ids = new List<Guid>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var (list, index) = entries[i];
            var credentialId = Guid.NewGuid();
            Guid? replaces = draft.Replaces is { } old && replaced.GetValueOrDefault(old) is { } oldCredential
                && Guid.TryParse(oldCredential, out var parsed) ? parsed : null;
            var credential = CredentialDocuments.Sign(
                documents.Diploma(session.TenantId, draft, draft.Content!, credentialId, replaces, list, index, now), kid, signer);
            session.Events.Append(draft.Id, draft.Version + 1, new DiplomaIssued(draft.Id, draft.LearnerId, draft.SchoolId, draft.SchoolCode,
                draft.Municipality,
                draft.SchoolYear, draft.Replaces, key.KeyId, list, index, now, credential, credentialId.ToString("D")));
            ids.Add(draft.Id);
        }
        return ids;
    }

    /// <summary>Revokes an issued diploma (the caller holds <see cref="DiplomaLock"/>).</summary>
    public static void Revoke(IDocumentSession session, DiplomaView diploma, string reason, Guid? replacedBy)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(diploma);
        switch (diploma.Status)
        {
            case DiplomaStatus.Draft:
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "diplomaId", $"Diploma {diploma.Id} is a draft: it was never issued.");
            case DiplomaStatus.Revoked:
                throw new CommandRejectedException(ErrorCodes.Duplicate, "diplomaId", $"Diploma {diploma.Id} is already revoked.");
        }
        session.Events.Append(diploma.Id, diploma.Version + 1, new DiplomaRevoked(diploma.Id, diploma.LearnerId, diploma.SchoolId, diploma.SchoolCode,
            diploma.StatusList!, diploma.StatusIndex!.Value, reason, replacedBy));
    }
}
