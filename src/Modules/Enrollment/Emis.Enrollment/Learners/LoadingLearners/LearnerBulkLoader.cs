using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Schools;
using Emis.Enrollment.Statistics;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using Marten;

namespace Emis.Enrollment.Learners.LoadingLearners;

/// <summary>What happened to each learner of a batch: registered, or refused with the reasons.</summary>
public sealed record BulkLoadResult(int Registered, IReadOnlyDictionary<Guid, IReadOnlyList<UserError>> Refused);

/// <summary>
/// Registers (and enrols) many learners in one transaction: the same validation, the same decisions, the same events
/// and inline projections as <see cref="RegisterLearnerHandler"/>, without a round trip per learner. For importers and
/// seeding; a learner refused by a rule is reported and left out, the rest of the batch is stored together.
/// </summary>
public sealed class LearnerBulkLoader(IDocumentStore store, TimeProvider clock, IValidator<RegisterLearner.RegisterLearner> validator,
    EnrollmentStatisticsFeed statistics)
{
    public async Task<BulkLoadResult> LoadAsync(IReadOnlyList<RegisterLearner.RegisterLearner> learners, CommandContext context, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var session = store.LightweightSession(context.Jurisdiction);
        session.CorrelationId = context.CorrelationId;
        session.SetHeader(EventHeaders.Jurisdiction, context.Jurisdiction);
        session.SetHeader(EventHeaders.Actor, context.Actor);
        session.SetHeader(EventHeaders.Source, context.Source);
        if (context.Reason is not null) session.SetHeader(EventHeaders.Reason, context.Reason);

        var schoolIds = learners.Where(l => l.Enrollment is not null).Select(l => l.Enrollment!.SchoolId).Distinct().ToArray();
        var schools = (await session.LoadManyAsync<EnrollmentSchool>(ct, schoolIds)).ToDictionary(s => s.Id);

        var refused = new Dictionary<Guid, IReadOnlyList<UserError>>();
        var registered = 0;
        foreach (var command in learners)
        {
            try
            {
                var validation = await validator.ValidateAsync(command, ct);
                if (!validation.IsValid)
                {
                    refused[command.LearnerId] = [.. validation.Errors.Select(e => new UserError(
                        e.ErrorCode is { Length: > 0 } code && !code.EndsWith("Validator", StringComparison.Ordinal) ? code : ErrorCodes.Invalid,
                        CommandValidation.CamelCase(e.PropertyName), e.ErrorMessage))];
                    continue;
                }
                var events = new List<object> { RegisterLearnerHandler.Decide(command, today) };
                if (command.Enrollment is { } enrollment)
                {
                    var school = schools.GetValueOrDefault(enrollment.SchoolId)
                        ?? throw new CommandRejectedException(
                            ErrorCodes.NotFound, "enrollment.schoolId", $"There is no school with id {enrollment.SchoolId}.");
                    LearnerStreams.CheckPlacement(school, enrollment.Grade, "enrollment.schoolId", "enrollment.grade");
                    events.Add(new LearnerEnrolled(command.LearnerId, enrollment.SchoolYear, school.Id, school.Code, school.Municipality,
                        enrollment.Grade, LearnerRules.CleanSection(enrollment.Section), EntryKind.New));
                }
                session.Events.StartStream<Learner>(command.LearnerId, [.. events]);
                registered++;
            }
            catch (CommandRejectedException rejected)
            {
                refused[command.LearnerId] = rejected.Errors;
            }
        }
        await session.SaveChangesAsync(ct);
        if (registered > 0) statistics.Changed(context.Jurisdiction);
        return new BulkLoadResult(registered, refused);
    }
}
