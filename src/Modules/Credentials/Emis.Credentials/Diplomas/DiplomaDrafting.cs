using System.Security.Cryptography;
using System.Text.Json;
using Emis.Credentials.Accounts;
using Emis.Credentials.Schools;
using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Contracts;
using Emis.Platform.Commands;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// Drafts diplomas from what other modules confirmed: Learning's graduates of a section and their final marks of that year,
/// Curriculum's section (programme, level, subjects' names), Enrollment's names and birth dates, and Credentials' own
/// EduIDs (salted and hashed, never in clear) and copy of the school.
/// </summary>
public sealed class DiplomaDrafting(ILearningRecords records, ISectionCatalogue sections, IClassLists classes, TimeProvider clock)
{
    /// <summary>
    /// Drafts a diploma for each graduate of the section without one, and drafts again a draft whose content changed (a mark
    /// corrected before issue). Issued and revoked diplomas are left as they are (the ministry re-issues). Ids of what changed.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DraftAsync(IDocumentSession session, Guid sectionId, CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        var section = await sections.SectionAsync(session.TenantId, sectionId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "sectionId", $"There is no class section with id {sectionId}.");
        var graduates = await records.GraduatesAsync(session.TenantId, sectionId, ct);
        if (graduates.Count == 0) return [];
        var current = (await session.Query<DiplomaView>().Where(d => d.SectionId == sectionId).ToListAsync(ct))
            .Where(d => d.ReplacedBy is null).GroupBy(d => d.LearnerId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.DraftedAt).Last());
        var learners = graduates.Where(g => !current.TryGetValue(g, out var d) || d.Status == DiplomaStatus.Draft).ToList();
        var contents = await ContentsAsync(session, section, learners, current, ct);
        var changed = new List<Guid>();
        foreach (var (learner, content) in contents)
        {
            if (current.TryGetValue(learner, out var draft))
            {
                if (Same(draft.Content, content)) continue;
                session.Events.Append(draft.Id, draft.Version + 1, new DiplomaRedrafted(draft.Id, learner, content));
                changed.Add(draft.Id);
            }
            else
            {
                var id = Guid.NewGuid();
                session.Events.StartStream<DiplomaView>(id, Drafted(id, learner, section, content, null));
                changed.Add(id);
            }
        }
        return changed;
    }

    /// <summary>A new draft for the learner of <paramref name="old"/>, from the records as they stand, replacing it.</summary>
    public async Task<DiplomaView> DraftReplacementAsync(IDocumentSession session, DiplomaView old, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(old);
        var section = await sections.SectionAsync(session.TenantId, old.SectionId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "diplomaId", $"Diploma {old.Id}'s class section no longer exists.");
        if (!(await records.GraduatesAsync(session.TenantId, old.SectionId, ct)).Contains(old.LearnerId))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "diplomaId",
                $"Diploma {old.Id}'s learner is no longer confirmed as graduated in that class: revoke it instead.");
        }
        var contents = await ContentsAsync(session, section, [old.LearnerId], new Dictionary<Guid, DiplomaView>(), ct);
        if (!contents.TryGetValue(old.LearnerId, out var content))
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "diplomaId", $"Diploma {old.Id}'s learner is no longer registered.");
        }
        content = content with { AwardedOn = DiplomaView.Erased(old.Content) ? content.AwardedOn : old.Content!.AwardedOn };
        var id = Guid.NewGuid();
        var drafted = Drafted(id, old.LearnerId, section, content, old.Id);
        session.Events.StartStream<DiplomaView>(id, drafted);
        return new DiplomaView
        {
            Id = id,
            LearnerId = drafted.LearnerId,
            SectionId = drafted.SectionId,
            SchoolId = drafted.SchoolId,
            SchoolCode = drafted.SchoolCode,
            Municipality = drafted.Municipality,
            SchoolYear = drafted.SchoolYear,
            Content = content,
            Replaces = old.Id,
            Status = DiplomaStatus.Draft,
            Version = 1,
        };
    }

    private static DiplomaDrafted Drafted(Guid id, Guid learner, SectionSubjects section, DiplomaContent content, Guid? replaces) =>
        new(id, learner, section.SectionId, section.SchoolId, section.SchoolCode, section.Municipality, section.SchoolYear, content, replaces);

    private async Task<Dictionary<Guid, DiplomaContent>> ContentsAsync(IDocumentSession session, SectionSubjects section,
        IReadOnlyList<Guid> learners, IReadOnlyDictionary<Guid, DiplomaView> drafts, CancellationToken ct)
    {
        var result = new Dictionary<Guid, DiplomaContent>();
        if (learners.Count == 0) return result;
        var identities = (await classes.IdentitiesAsync(session.TenantId, learners, ct)).ToDictionary(i => i.LearnerId);
        var school = await session.LoadAsync<CredentialsSchool>(section.SchoolId, ct);
        var accounts = (await session.LoadManyAsync<Account>(ct, learners.Select(Account.StreamIdOf))).ToDictionary(a => a.PersonId);
        var names = section.Subjects.ToDictionary(s => s.Code, s => s.Name, StringComparer.OrdinalIgnoreCase);
        var order = section.Subjects.Select((s, i) => (s.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var learner in learners)
        {
            if (!identities.TryGetValue(learner, out var identity)) continue;
            var achievements = await records.AchievementsAsync(session.TenantId, learner, ct);
            var subjects = achievements.FinalMarks
                .Where(m => m.SchoolYear == section.SchoolYear && m.SchoolId == section.SchoolId)
                .OrderBy(m => order.GetValueOrDefault(m.Subject, int.MaxValue)).ThenBy(m => m.Subject, StringComparer.Ordinal)
                .Select(m => new DiplomaSubject(m.Subject, names.GetValueOrDefault(m.Subject, m.Subject), m.Mark, m.Value))
                .ToList();
            drafts.TryGetValue(learner, out var draft);
            if (draft is not null && DiplomaView.Erased(draft.Content)) continue;
            string? hash = null, salt = null;
            if (accounts.TryGetValue(learner, out var account) && account.EduId is { Length: > 0 } eduId)
            {
                salt = draft?.Content?.Salt ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                hash = CredentialDocuments.IdentityHash(eduId, salt);
            }
            var language = identity.LanguageOfInstruction is { Length: > 0 } spoken ? spoken : school?.Languages.FirstOrDefault() ?? "en";
            result[learner] = new DiplomaContent(identity.FirstName, identity.ParentName, identity.LastName, identity.BirthDate, hash, salt,
                school?.Name ?? section.SchoolCode, language.ToLowerInvariant(), section.Programme, section.Level, section.Isced, section.Grade,
                draft?.Content?.AwardedOn ?? today, subjects);
        }
        return result;
    }

    private static bool Same(DiplomaContent? a, DiplomaContent b) =>
        a is not null && JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}
