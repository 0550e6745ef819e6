using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Marten;

namespace Emis.Enrollment.Learners;

/// <summary>
/// Who may change what: the ministry everywhere, a municipality officer in their municipality, a school admin in their
/// school. The commands' policies (beside each handler) are made of these checks.
/// </summary>
public sealed class EnrollmentAccess(IDocumentStore store)
{
    public async Task<EnrollmentSchool?> SchoolAsync(Caller caller, Guid schoolId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<EnrollmentSchool>(schoolId, ct);
    }

    public async Task<LearnerProfile?> LearnerAsync(Caller caller, Guid learnerId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<LearnerProfile>(learnerId, ct);
    }

    public static bool MayManage(Caller caller, string? municipality, string? schoolCode) => caller.ManagesSchool(municipality, schoolCode);

    public static bool MayManage(Caller caller, EnrollmentSchool? school) => school is not null && MayManage(
        caller, school.Municipality, school.Code);

    public static bool MayManage(Caller caller, LearnerProfile? learner) =>
        learner is not null && (caller.Role == Roles.MinistryAdmin || MayManage(caller, learner.Municipality, learner.SchoolCode));

    public static UserError Forbidden(Caller caller, string? field, string what) =>
        new(ErrorCodes.Forbidden, field, $"The role '{caller.Role}' may not {what} (outside your scope).");

    public static UserError UnknownSchool(Guid id, string field) => new(ErrorCodes.NotFound, field, $"There is no school with id {id}.");

    public static UserError UnknownLearner(Guid id) => new(ErrorCodes.NotFound, "learnerId", $"There is no learner with id {id} in your scope.");

    /// <summary>Refuses unless the caller manages the learner's current school.</summary>
    public async Task<UserError?> ManagesLearnerAsync(Caller caller, Guid learnerId, string what, CancellationToken ct)
    {
        var learner = await LearnerAsync(caller, learnerId, ct);
        if (learner is null || !LearnerQueries.CanSee(caller, learner)) return UnknownLearner(learnerId);
        return MayManage(caller, learner) ? null : Forbidden(caller, "learnerId", what);
    }

    /// <summary>
    /// Refuses to enrol a learner who is in class at a school outside the caller's scope: that is a transfer, which
    /// the sending side records. A learner who left school (withdrawn) may re-enter anywhere.
    /// </summary>
    public async Task<UserError?> NotHeldElsewhereAsync(Caller caller, Guid learnerId, CancellationToken ct)
    {
        var learner = await LearnerAsync(caller, learnerId, ct);
        return learner is not null && learner.InClass && !LearnerQueries.CanSee(caller, learner) ? UnknownLearner(learnerId) : null;
    }

    /// <summary>Refuses unless the caller manages the school the learner attended in that school year.</summary>
    public async Task<UserError?> ManagesLearnerInYearAsync(Caller caller, Guid learnerId, string schoolYear, string what, CancellationToken ct)
    {
        var learner = await LearnerAsync(caller, learnerId, ct);
        if (learner is null || !LearnerQueries.CanSee(caller, learner)) return UnknownLearner(learnerId);
        var placed = learner.History.LastOrDefault(h => h.SchoolYear == schoolYear && h.Change is "enrolled" or "transferred");
        if (placed?.SchoolId is not { } schoolId || schoolId == learner.SchoolId)
        {
            return MayManage(caller, learner) ? null : Forbidden(caller, "learnerId", what);
        }
        return MayManage(caller, await SchoolAsync(caller, schoolId, ct)) ? null : Forbidden(caller, "schoolYear", what);
    }

    /// <summary>Refuses unless the caller manages the school.</summary>
    public async Task<UserError?> ManagesSchoolAsync(Caller caller, Guid schoolId, string field, string what, CancellationToken ct)
    {
        var school = await SchoolAsync(caller, schoolId, ct);
        if (school is null) return UnknownSchool(schoolId, field);
        return MayManage(caller, school) ? null : Forbidden(caller, field, what);
    }
}
