using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Marten;

namespace Emis.Enrollment.Learners.GettingLearners;

public sealed record LearnerFilter(
    Guid? SchoolId = null,
    string? SchoolYear = null,
    int? Grade = null,
    string? Section = null,
    LearnerStatus? Status = null,
    Sex? Sex = null,
    string? NameContains = null);

/// <summary>Reads of learners, always through the caller's jurisdiction and scope.</summary>
public sealed class LearnerQueries(IDocumentStore store, SharedAnswers<Page<LearnerProfile>> shared)
{
    public async Task<LearnerProfile?> LearnerAsync(Caller caller, Guid id, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var current = await session.LoadAsync<LearnerProfile>(id, ct);
        if (current is null || !CanSee(caller, current)) return null;
        return asOf is { } at ? await session.Events.AggregateStreamAsync<LearnerProfile>(id, timestamp: at, token: ct) : current;
    }

    /// <summary>A page of learners, shared between callers asking for the same page in the same scope (see SharedAnswers).</summary>
    public Task<Page<LearnerProfile>> LearnersAsync(Caller caller, LearnerFilter filter, int offset, int pageSize, CancellationToken ct) =>
        shared.GetAsync(caller, $"learners|{filter}|{offset}|{pageSize}", settled: false,
            () => ComputeLearnersAsync(caller, filter, offset, pageSize, CancellationToken.None), ct);

    private async Task<Page<LearnerProfile>> ComputeLearnersAsync(Caller caller, LearnerFilter filter, int offset, int pageSize, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var query = Scoped(session.Query<LearnerProfile>(), caller);
        if (filter.SchoolId is { } school) query = query.Where(x => x.SchoolId == school);
        if (filter.SchoolYear is { } year) query = query.Where(x => x.SchoolYear == year);
        if (filter.Grade is { } grade) query = query.Where(x => x.Grade == grade);
        if (filter.Section is { } section)
        {
            var cleaned = LearnerRules.CleanSection(section);
            query = query.Where(x => x.Section == cleaned);
        }
        // Learners whose import was reverted are listed only when asked for by that status.
        if (filter.Status is { } status) query = query.Where(x => x.Status == status);
        else query = query.Where(x => x.Status != LearnerStatus.Reverted);
        if (filter.Sex is { } sex) query = query.Where(x => x.Sex == sex);
        if (!string.IsNullOrWhiteSpace(filter.NameContains))
        {
            var text = LearnerProfile.Fold(filter.NameContains.Trim());
            query = query.Where(x => x.SearchName.Contains(text));
        }

        // Counted apart: a window count would make PostgreSQL read every matching learner to return 50.
        var total = await query.CountAsync(ct);
        if (pageSize == 0 || offset >= total) return new Page<LearnerProfile>([], offset, total);
        var nodes = await query.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id)
            .Skip(offset).Take(pageSize).ToListAsync(ct);
        return new Page<LearnerProfile>([.. nodes], offset, total);
    }

    /// <summary>Whether a learner, as they are now, lies in the caller's scope.</summary>
    public static bool CanSee(Caller caller, LearnerProfile learner) => caller.Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
        Roles.MunicipalityOfficer => learner.Municipality == caller.Municipality,
        Roles.SchoolAdmin => SameSchool(caller, learner),
        Roles.Teacher => SameSchool(caller, learner) && caller.Sections.Any(s => s.ToString() == learner.ClassKey),
        _ => false,
    };

    private static bool SameSchool(Caller caller, LearnerProfile learner) =>
        string.Equals(learner.SchoolCode, caller.SchoolCode?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static IQueryable<LearnerProfile> Scoped(IQueryable<LearnerProfile> query, Caller caller)
    {
        var municipality = caller.Municipality;
        var code = caller.NormalisedSchoolCode;
        var classes = caller.Sections.Select(s => s.ToString()).ToArray();
        return caller.Role switch
        {
            Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => query,
            Roles.MunicipalityOfficer => query.Where(x => x.Municipality == municipality),
            Roles.SchoolAdmin => query.Where(x => x.SchoolCode == code),
            Roles.Teacher => query.Where(x => x.SchoolCode == code && classes.Contains(x.ClassKey)),
            _ => query.Where(x => x.Id == Guid.Empty),
        };
    }
}
