using Emis.Credentials.Contracts;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Schools;
using Emis.Enrollment.Statistics;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Emis.Platform.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Marten;
using HeldRow = Emis.Platform.Imports.StoredImportRow<
    Emis.Enrollment.Learners.ImportLearners.RowResult, Emis.Enrollment.Learners.ImportLearners.ReviewDraft>;

namespace Emis.Enrollment.Learners.ImportLearners.Reviewing;

/// <summary>What resolving a row gave: its new result, or what was wrong (nothing written).</summary>
public sealed record RowResolved(RowResult? Result, IReadOnlyList<UserError> Errors);

/// <summary>
/// The review queue of learner imports: an import's report rows within the caller's scope, and a reviewer's decision
/// on a row held for review. Children's personal data: only the ministry admin, municipality officers and school
/// admins see rows, each only the rows of schools they manage; a row without a school only its importer and the
/// ministry admin.
/// </summary>
public sealed partial class ImportReview(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IAccountLedger ledger,
    TimeProvider clock,
    EnrollmentStatisticsFeed statistics,
    ImportRows rows,
    IServiceScopeFactory scopes,
    ILogger<ImportReview> logger)
{
    public static bool MayReview(Caller caller) => caller.Role is Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin;

    /// <summary>Whether the caller may see the import at all: they ran it, or some of its rows are in their scope.</summary>
    public static bool MaySee(Caller caller, LearnerImport import) => import.VisibleTo(caller);

    /// <summary>Whether one row of the import lies in the caller's scope (the same rule as the SQL of <see cref="RowsAsync"/>).</summary>
    public static bool InScope(Caller caller, LearnerImport import, string? schoolCode, string? municipality) => schoolCode is null
        ? caller.Role == Roles.MinistryAdmin || (MayReview(caller) && import.Actor == caller.Subject)
        : EnrollmentAccess.MayManage(caller, municipality, schoolCode);

    public async Task<LearnerImport?> ImportAsync(Caller caller, Guid importId, CancellationToken ct)
    {
        if (!MayReview(caller)) return null;
        await using var session = store.QuerySession(caller.Jurisdiction);
        var import = await session.LoadAsync<LearnerImport>(importId, ct);
        return import is not null && MaySee(caller, import) ? import : null;
    }

    /// <summary>A page of the import's rows in the caller's scope, in file order, optionally of some statuses only.</summary>
    public Task<Page<RowResult>> RowsAsync(Caller caller, LearnerImport import, IReadOnlyCollection<string>? statuses, int offset, int pageSize,
        CancellationToken ct) => rows.PageAsync<RowResult>(caller, import, statuses, offset, pageSize, ct);

    /// <summary>
    /// Applies a reviewer's decision to a row held for review. Importing it is one transaction (the learner's events and
    /// profile, statistics, the account, the report row and the import's summary), serialised with imports and other
    /// decisions in the jurisdiction, with the row locked and its status checked again: a row is never resolved twice.
    /// </summary>
    public async Task<RowResolved> ResolveAsync(Caller caller, CommandContext context, ResolveImportRow command, CancellationToken ct)
    {
        if (!MayReview(caller))
        {
            return Refused(new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not resolve rows of a learner import."));
        }
        if (RowResolution.CheckInput(command) is { Count: > 0 } invalid) return new RowResolved(null, invalid);
        var tenant = caller.Jurisdiction;
        var import = await ImportAsync(caller, command.ImportId, ct);
        if (import is null)
        {
            return Refused(new UserError(ErrorCodes.NotFound, "importId", $"There is no learner import {command.ImportId} in your scope."));
        }
        if (import.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "importId",
                "The import has not finished (it is running or was interrupted; importing the same file again completes it): its rows cannot be " +
                "resolved yet."));
        }
        HeldRow? held;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            held = await rows.RowAsync<RowResult, ReviewDraft>(connection, tenant, import.Id, command.Row, forUpdate: false, ct);
        }
        if (held is null || !InScope(caller, import, held.SchoolCode, held.Municipality))
        {
            return Refused(new UserError(ErrorCodes.NotFound, "row", $"The import has no row {command.Row} in your scope."));
        }
        if (held.Status != RowStatus.Review) return Refused(NotInReview(command.Row, held.Status));

        // Decide everything that can be decided before the write.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        PlannedLearner? planned = null;
        Guid? duplicateOf = null;
        var originalInScope = false;
        if (RowResolution.Imports(command.Action))
        {
            var (row, errors) = await PlanImportAsync(caller, import, held, command, today, ct);
            if (errors.Count > 0) return new RowResolved(null, errors);
            planned = row;
        }
        else if (command.Action == ImportRowAction.ConfirmDuplicate)
        {
            var (learner, error) = await DuplicatedLearnerAsync(caller, import, held, command.Row, ct);
            if (error is not null) return Refused(error);
            duplicateOf = learner?.Id;
            originalInScope = learner is not null && EnrollmentAccess.MayManage(caller, learner);
        }

        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        // The importer holds the same lock for a whole import: EduIDs and account names are chosen against what is issued.
        // A decision waits for a running import a little, not for the whole import (a national file takes a minute).
        if (!await ImportLock.TryTakeAsync(write, TimeSpan.FromSeconds(15), ct))
        {
            return Refused(new UserError(
                ErrorCodes.ConcurrencyConflict, "importId", "An import is running in this jurisdiction; try again when it has finished."));
        }
        var current = await rows.RowAsync<RowResult, ReviewDraft>(write.Connection, tenant, import.Id, command.Row, forUpdate: true, ct);
        if (current is null || current.Status != RowStatus.Review) return Refused(NotInReview(command.Row, current?.Status ?? "gone"));
        var document = await write.Session.LoadAsync<LearnerImport>(import.Id, ct) ?? import;
        if (document.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "importId", $"The import is {document.Status}: its rows cannot be resolved."));
        }

        RowResult result;
        try
        {
            string? schoolCode = held.SchoolCode, municipality = held.Municipality;
            Guid? learnerId;
            IIssuedIdentifiers? identities = null;
            if (planned is not null)
            {
                var id = planned.PersonId!.Value;
                var school = planned.School!;
                identities = await ledger.LoadIssuedAsync(tenant, ct);
                var identity = identities.Of(id);
                var draft = planned.Draft;
                if (identity is null)
                {
                    identity = new PersonIdentity(
                        id, identities.NextEduId(), identities.NextUsername(draft.FirstName!, draft.ParentName, draft.LastName!));
                    identities.Add(identity);
                    await ledger.IssueAsync(
                        write, [new NewAccount(id, PersonKind.Learner, identity.EduId, identity.Username, draft.FirstName!, draft.LastName!,
                        school.Id, school.Code, document.SchoolYear, draft.Grade)], ct);
                }
                var (registered, enrolled) = LearnerImporter.Events(planned, document.SchoolYear, today);
                write.StartStream<Learner>(id, registered, enrolled);
                write.Session.Store(LearnerImporter.Profile(registered, enrolled, write.Now, context.Actor));
                await write.FlushEventsAsync(ct);
                await EnrollmentFactsProjection.RegisterAndEnrolAsync(write.Connection, write.Schema, write.Tenant,
                    [(registered, enrolled, write.SequenceOf(id, 2))], write.Now, ct);
                if (write.Outbox is { } messages)
                {
                    await messages.PublishAsync(LearnerStreams.Announce(tenant, id, document.SchoolYear, 2, "enrolled", school),
                        new DeliveryOptions { TenantId = tenant });
                }
                result = LearnerImporter.Result(
                    planned, new Dictionary<Guid, PersonIdentity> { [id] = identity }, identities, new Dictionary<Guid, int>());
                (schoolCode, municipality, learnerId) = (school.Code, school.Municipality, id);
                document.Touch(school.Code, school.Municipality);
            }
            else if (duplicateOf is { } original)
            {
                // The learner joined may be at a school the reviewer does not manage: then the row names no EduID or account.
                var identity = originalInScope ? (await ledger.LoadIssuedAsync(tenant, ct)).Of(original) : null;
                result = RowResolution.Duplicate(held.Result, original, identity?.EduId, identity?.Username);
                learnerId = original;
            }
            else
            {
                result = RowResolution.Rejected(held.Result, command.Reason!);
                learnerId = null;
            }

            // A confirmed duplicate keeps what the row said, so that the join can be undone (reopenImportRow) and the row imported.
            var decided = new ImportRowRecord(command.Row, result.Status, schoolCode, municipality, learnerId, result,
                result.Status == RowStatus.Duplicate ? held.Kept : null);
            await ImportRows.UpdateAsync(write, import.Id, decided, ct);
            document.Summary = RowResolution.Moved(document.Summary, result.Status);
            write.Session.Store(document);
            await write.CommitAsync(ct);
        }
        catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // An identifier or stream taken meanwhile by a writer outside the import lock (its reservation fails at the
            // COPY of the account or at the commit): nothing of this decision was kept.
            return Refused(new UserError(ErrorCodes.ConcurrencyConflict, "row", "Someone else changed the learners at the same moment; try again."));
        }
        if (planned is not null) statistics.Changed(tenant);
        LogResolved(logger, import.Id, command.Row, command.Action, result.Status);
        return new RowResolved(result, []);
    }

    /// <summary>
    /// Undoes a duplicate join: a row marked duplicate (by the import or by a reviewer) goes back to review with what it
    /// said and the learner it may duplicate, so that a reviewer can import it as a new learner (REJECT_DUPLICATE) or
    /// confirm the join again. The learner it was joined to is untouched (a duplicate row wrote nothing to them).
    /// </summary>
    public async Task<RowResolved> ReopenAsync(Caller caller, CommandContext context, Guid importId, int row, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!MayReview(caller))
        {
            return Refused(new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not reopen rows of a learner import."));
        }
        if (string.IsNullOrWhiteSpace(reason)) return Refused(new UserError(ErrorCodes.Required, "reason", "Say why the join is undone."));
        var import = await ImportAsync(caller, importId, ct);
        if (import is null)
        {
            return Refused(new UserError(ErrorCodes.NotFound, "importId", $"There is no learner import {importId} in your scope."));
        }
        if (import.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(
                ErrorCodes.RuleViolated, "importId", $"The import is {import.Status}: only a completed import's rows reopen."));
        }
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        if (!await ImportLock.TryTakeAsync(write, TimeSpan.FromSeconds(15), ct))
        {
            return Refused(new UserError(
                ErrorCodes.ConcurrencyConflict, "importId", "An import is running in this jurisdiction; try again when it has finished."));
        }
        var current = await rows.RowAsync<RowResult, ReviewDraft>(write.Connection, caller.Jurisdiction, importId, row, forUpdate: true, ct);
        if (current is null || !InScope(caller, import, current.SchoolCode, current.Municipality))
        {
            return Refused(new UserError(ErrorCodes.NotFound, "row", $"The import has no row {row} in your scope."));
        }
        if (current.Status != RowStatus.Duplicate)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "row",
                $"Row {row} is {current.Status}, not a duplicate: only a duplicate's join can be undone."));
        }
        if (current.Kept is null)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "row",
                $"Row {row} kept nothing of what it said (it was joined before rows kept it): import the learner again instead."));
        }
        var document = await write.Session.LoadAsync<LearnerImport>(importId, ct) ?? import;
        if (document.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "importId", $"The import is {document.Status}: its rows cannot be reopened."));
        }
        var result = RowResolution.Reopened(current.Result, reason);
        await ImportRows.UpdateAsync(write, importId,
            new ImportRowRecord(row, RowStatus.Review, current.SchoolCode, current.Municipality, null, result, current.Kept), ct);
        document.Summary = document.Summary.Reopened();
        write.Session.Store(document);
        await write.CommitAsync(ct);
        LogReopened(logger, importId, row);
        return new RowResolved(result, []);
    }

    /// <summary>The row as it will be imported: its draft with the fixes, the school it goes to, and the events it starts with.</summary>
    private async Task<(PlannedLearner? Row, IReadOnlyList<UserError> Errors)> PlanImportAsync(Caller caller, LearnerImport import, HeldRow held,
        ResolveImportRow command, DateOnly today, CancellationToken ct)
    {
        if (held.Kept is null)
        {
            return (null, [new UserError(
                ErrorCodes.RuleViolated, "row", $"Row {command.Row} kept nothing to import; reject it and import the learner again.")]);
        }
        SchoolYear.TryParse(import.SchoolYear, out var yearStart);
        var draft = RowResolution.Redraft(command.Row, held.Kept, held.Result.Corrections, command.Fields, yearStart, today, out var errors);
        if (errors.Count > 0) return (null, errors);

        var code = command.SchoolCode ?? held.SchoolCode ?? held.Kept.SchoolCode;
        EnrollmentSchool? school = null;
        if (!string.IsNullOrWhiteSpace(code))
        {
            var normalised = code.Trim().ToUpperInvariant();
            await using var session = store.QuerySession(caller.Jurisdiction);
            school = await session.Query<EnrollmentSchool>().FirstOrDefaultAsync(s => s.Code == normalised, ct);
        }
        if (school is null)
        {
            return (null, [command.SchoolCode is null
                ? new UserError(
                    ErrorCodes.Required, "schoolCode", $"Row {command.Row} has no certain school: give its code in schoolCode (or use PICK_SCHOOL).")
                : new UserError(ErrorCodes.NotFound, "schoolCode", $"There is no school with code '{command.SchoolCode.Trim()}'.")]);
        }
        if (!EnrollmentAccess.MayManage(caller, school))
        {
            return (null, [new UserError(ErrorCodes.Forbidden, "schoolCode",
                $"The role '{caller.Role}' may not enrol learners in {school.Name} ({school.Code}) (outside your scope).")]);
        }
        var written = draft.SchoolText ?? draft.SchoolCodeText;
        if (written is not null && written != school.Name && !string.Equals(written, school.Code, StringComparison.OrdinalIgnoreCase))
        {
            var confidence = held.Result.Candidates?.FirstOrDefault(c => c.Code == school.Code)?.Confidence;
            draft.Corrections.Add(new Correction("school", written, school.Name, confidence));
        }
        draft.SchoolId = school.Id;
        draft.SchoolCode = school.Code;
        var planned = new PlannedLearner
        {
            Draft = draft,
            Status = RowStatus.Imported,
            PersonId = LearnerImporter.LearnerIdOf(import.Id, command.Row),
            School = school,
        };
        try
        {
            // The same decisions as the import (and registerLearner): a closed school or a grade it does not teach is refused.
            LearnerImporter.Events(planned, import.SchoolYear, today);
        }
        catch (CommandRejectedException rejected)
        {
            return (null, [.. rejected.Errors.Select(e => e with { Field = InputField(e.Field) })]);
        }
        return (planned, []);
    }

    /// <summary>
    /// The learner a row confirmed as a duplicate joins: the existing learner it may duplicate, or the learner an earlier row of the file became.
    /// </summary>
    private async Task<(LearnerProfile? Learner, UserError? Error)> DuplicatedLearnerAsync(
        Caller caller, LearnerImport import, HeldRow held, int row,
        CancellationToken ct)
    {
        var tenant = caller.Jurisdiction;
        var possible = held.Result.DuplicateOf;
        if (possible is null)
        {
            return (null, new UserError(
                ErrorCodes.RuleViolated, "action", $"Row {row} is not held as a possible duplicate; there is nothing to confirm."));
        }
        var learner = possible.LearnerId;
        if (learner is null && possible.Row is { } otherRow)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var other = await rows.RowAsync<RowResult, ReviewDraft>(connection, tenant, import.Id, otherRow, forUpdate: false, ct);
            if (other is not { Status: RowStatus.Imported or RowStatus.Duplicate, PersonId: not null })
            {
                return (null, new UserError(ErrorCodes.RuleViolated, "action",
                    $"Row {otherRow}, which row {row} may duplicate, has not been imported: resolve row {otherRow} first."));
            }
            learner = other.PersonId;
        }
        await using var session = store.QuerySession(tenant);
        var profile = learner is null ? null : await session.LoadAsync<LearnerProfile>(learner.Value, ct);
        if (profile is null)
        {
            return (null, new UserError(
                ErrorCodes.RuleViolated, "action", $"The learner row {row} may duplicate is not in Emis; import the row instead."));
        }
        if (profile.Status == LearnerStatus.Reverted)
        {
            return (null, new UserError(ErrorCodes.RuleViolated, "action",
                $"The learner row {row} may duplicate was reverted with their import: import the row as a new learner (REJECT_DUPLICATE)."));
        }
        return (profile, null);
    }

    /// <summary>Where the import's rules name a field of the row, the reviewer's input names it.</summary>
    private static string? InputField(string? field) => field switch
    {
        null => null,
        "school" => "schoolCode",
        "row" => "row",
        _ => "fields." + field,
    };

    private static UserError NotInReview(int row, string status) =>
        new(ErrorCodes.RuleViolated, "row", $"Row {row} is not held for review (it is {status}); only a row held for review can be resolved.");

    private static RowResolved Refused(UserError error) => new(null, [error]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learner import {ImportId}: row {Row}'s duplicate join undone, back to review")]
    private static partial void LogReopened(ILogger logger, Guid importId, int row);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learner import {ImportId}: row {Row} resolved in review ({Action}), now {Status}")]
    private static partial void LogResolved(ILogger logger, Guid importId, int row, ImportRowAction action, string status);
}
