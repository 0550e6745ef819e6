using System.Globalization;
using Emis.Enrollment.Contracts;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten;

namespace Emis.Enrollment.Learners;

/// <summary>What every learner command handler shares: fetch for writing, find the school, announce the change.</summary>
internal static class LearnerStreams
{
    /// <summary>The learner's stream for writing; a learner whose registration was reverted (adr/0026) takes no command.</summary>
    public static async Task<IEventStream<Learner>> FetchAsync(IDocumentSession session, Guid learnerId, long? expectedVersion,
        CancellationToken ct)
    {
        var stream = await ExistingStreams.FetchAsync<Learner>(session, learnerId, expectedVersion, "learnerId", "learner", ct);
        if (stream.Aggregate is { Status: LearnerStatus.Reverted })
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "learnerId",
                $"Learner {learnerId} was registered by an import the ministry reverted: register the learner anew.");
        }
        return stream;
    }

    public static async Task<EnrollmentSchool> SchoolAsync(IQuerySession session, Guid schoolId, string field, CancellationToken ct) =>
        await session.LoadAsync<EnrollmentSchool>(schoolId, ct)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");

    public static EnrollmentChangedV1 Announce(string jurisdiction, Guid learnerId, string? schoolYear, long version, string change,
        params EnrollmentSchool[] schools) => new(
        jurisdiction, learnerId, schoolYear, [.. schools.Select(s => s.Id).Distinct()], [.. schools.Select(s => s.Municipality).Distinct()], change,
            version);

    public static long NextVersion<T>(IEventStream<T> stream, int events = 1) where T : notnull => (stream.StartingVersion ?? 0) + events;

    /// <summary>Where a learner may be placed in a school: open, and teaching the grade.</summary>
    public static void CheckPlacement(EnrollmentSchool school, int grade, string schoolField, string gradeField = "grade")
    {
        if (school.IsClosed)
        {
            throw new CommandRejectedException(
                ErrorCodes.RuleViolated, schoolField, $"{school.Name} ({school.Code}) is closed: no learner can be enrolled there.");
        }
        if (!school.Grades.Contains(grade))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, gradeField, string.Create(CultureInfo.InvariantCulture,
                $"Grade {grade} does not fit {school.Name} ({school.Code}): " +
                $"a {school.Level.Replace('_', ' ')} school teaches grades {school.Grades}."));
        }
    }
}
