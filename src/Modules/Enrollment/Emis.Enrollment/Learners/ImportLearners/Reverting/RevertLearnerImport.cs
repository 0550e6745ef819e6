using Emis.Credentials.Contracts;
using Emis.Enrollment.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Emis.Enrollment.Learners.ImportLearners.Reverting;

/// <summary>What asking to revert an import gave: the import, now REVERTING, or what was wrong (nothing changed).</summary>
public sealed record ImportRevertRequested(LearnerImport? Import, IReadOnlyList<UserError> Errors);

/// <summary>
/// Reverting a learner import (adr/0026): the ministry says why; the import turns REVERTING at once, and a durable message
/// (<see cref="RevertLearnerImport"/>) undoes what it registered, batch by batch, on any node, resuming after a crash.
/// </summary>
public sealed partial class LearnerImportReverter(IDocumentStore store, NpgsqlDataSource dataSource, IServiceScopeFactory scopes,
    ILogger<LearnerImportReverter> logger)
{
    public const int ReasonLength = 500;

    public async Task<ImportRevertRequested> RequestAsync(Caller caller, CommandContext context, Guid importId, string? reason,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        if (caller.Role != Roles.MinistryAdmin)
        {
            return Refused(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not revert an import; the ministry admin may.");
        }
        if (string.IsNullOrWhiteSpace(reason)) return Refused(ErrorCodes.Required, "reason", "Say why the import is reverted.");
        if (reason.Trim().Length > ReasonLength)
        {
            return Refused(ErrorCodes.Invalid, "reason", $"The reason is at most {ReasonLength} characters.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        // Under the people-import lock: no import of this file and no review decision on its rows runs meanwhile.
        if (!await ImportLock.TryTakeAsync(write, TimeSpan.FromSeconds(15), ct))
        {
            return Refused(ErrorCodes.ConcurrencyConflict, "importId", "An import is running in this jurisdiction; try again when it has finished.");
        }
        var import = await write.Session.LoadAsync<LearnerImport>(importId, ct);
        if (import is null) return Refused(ErrorCodes.NotFound, "importId", $"There is no learner import {importId}.");
        switch (import.Status)
        {
            case ImportStatus.Running:
                return Refused(ErrorCodes.RuleViolated, "importId",
                    "The import has not finished (it is running or was interrupted): let it complete, then revert it.");
            case ImportStatus.Reverted:
                return Refused(ErrorCodes.RuleViolated, "importId", $"The import is already REVERTED (since {import.Revert?.RequestedAt:u}).");
            case ImportStatus.Reverting:
                // A revert that stopped (its message given up after its retries) is resumed: learners already reverted are passed over.
                await write.Outbox!.PublishAsync(new RevertLearnerImport(write.Tenant, import.Id), new DeliveryOptions { TenantId = write.Tenant });
                await write.CommitAsync(ct);
                return new ImportRevertRequested(import, []);
        }
        import.Status = ImportStatus.Reverting;
        import.Revert = new ImportRevert(context.Actor, reason.Trim(), write.Now);
        write.Session.Store(import);
        await write.Outbox!.PublishAsync(new RevertLearnerImport(write.Tenant, import.Id), new DeliveryOptions { TenantId = write.Tenant });
        await write.CommitAsync(ct);
        LogRequested(logger, import.Id, import.Summary.Imported);
        return new ImportRevertRequested(import, []);
    }

    private static ImportRevertRequested Refused(string code, string? field, string message) => new(null, [new UserError(code, field, message)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learner import {ImportId}: revert requested ({Learners} learners to revert)")]
    private static partial void LogRequested(ILogger logger, Guid importId, int learners);
}

/// <summary>Revert the next batch of a REVERTING learner import's people; the message sends itself again until none is left.</summary>
public sealed record RevertLearnerImport(string Jurisdiction, Guid ImportId);

public static partial class RevertLearnerImportHandler
{
    /// <summary>People per transaction.</summary>
    public const int BatchPeople = 500;

    /// <summary>
    /// A batch that fails (a learner changed meanwhile, the database away) is tried again; asking to revert the import again
    /// resumes it should every retry fail.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// One transaction: the compensating events of up to <see cref="BatchPeople"/> learners (through their streams at the
    /// version read, so the inline projections update their profiles and the statistics), their accounts retired, the
    /// import's progress, and the next message. A learner already reverted (a message delivered twice) is passed over.
    /// </summary>
    public static async Task Handle(RevertLearnerImport message, IDocumentSession session, ImportRows rows, IAccountLedger ledger,
        IMessageContext bus, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (session.TenantId != message.Jurisdiction)
        {
            throw new InvalidOperationException("RevertLearnerImport must be sent with its jurisdiction as the tenant (DeliveryOptions.TenantId).");
        }
        var import = await session.LoadAsync<LearnerImport>(message.ImportId, ct);
        if (import is not { Status: ImportStatus.Reverting, Revert: { } revert }) return;
        // The events say who asked, not the node that runs the message.
        session.SetHeader(EventHeaders.Actor, revert.Actor);
        session.SetHeader(EventHeaders.Source, Sources.Api);
        session.CorrelationId = "revert-" + import.Id.ToString("N");

        var people = await rows.RegisteredAsync(session, import.Id, revert.LastRow, BatchPeople, ct);
        var reverted = new List<Guid>();
        var schools = new Dictionary<Guid, EnrollmentSchool>();
        var options = new DeliveryOptions { TenantId = message.Jurisdiction };
        foreach (var (_, person) in people)
        {
            var stream = await session.Events.FetchForWriting<Learner>(person, ct);
            if (stream.Aggregate is not { Status: not LearnerStatus.Reverted } learner) continue;
            var events = Decide(learner, import.Id, revert.Reason);
            stream.AppendMany(events);
            reverted.Add(person);
            foreach (var year in events.OfType<LearnerEnrollmentReverted>())
            {
                if (!schools.TryGetValue(year.SchoolId, out var school))
                {
                    schools[year.SchoolId] = school = await LearnerStreams.SchoolAsync(session, year.SchoolId, "importId", ct);
                }
                await bus.PublishAsync(LearnerStreams.Announce(message.Jurisdiction, person, year.SchoolYear,
                    LearnerStreams.NextVersion(stream, events.Count), "reverted", school), options);
            }
        }
        await ledger.RetireAsync(session, bus, reverted, $"The import {import.Id:D} that registered the person was reverted.", ct);

        var done = people.Count < BatchPeople;
        import.Revert = revert with
        {
            LastRow = people.Count > 0 ? people[^1].Row : revert.LastRow,
            People = revert.People + reverted.Count,
            CompletedAt = done ? clock.GetUtcNow() : null,
        };
        if (done) import.Status = ImportStatus.Reverted;
        else await bus.PublishAsync(message, options);
        session.Store(import);
        LogBatch(loggers.CreateLogger(typeof(RevertLearnerImport).FullName!), import.Id, reverted.Count, import.Revert.People, done);
    }

    /// <summary>
    /// What reverting a learner's registration appends: every enrolment still open ended as never made, then the
    /// registration itself.
    /// </summary>
    public static IReadOnlyList<object> Decide(Learner learner, Guid importId, string reason)
    {
        ArgumentNullException.ThrowIfNull(learner);
        if (learner.Status == LearnerStatus.Reverted)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "learnerId", $"Learner {learner.Id} is reverted already.");
        }
        return
        [
            .. learner.Years.Values.Where(p => p.Active).OrderBy(p => p.SchoolYear, StringComparer.Ordinal)
                .Select(p => new LearnerEnrollmentReverted(learner.Id, p.SchoolYear, p.SchoolId, importId)),
            new LearnerRegistrationReverted(learner.Id, importId, reason),
        ];
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Learner import {ImportId}: reverted {Learners} learners in this batch, {Total} in all (finished: {Done})")]
    private static partial void LogBatch(ILogger logger, Guid importId, int learners, int total, bool done);
}
