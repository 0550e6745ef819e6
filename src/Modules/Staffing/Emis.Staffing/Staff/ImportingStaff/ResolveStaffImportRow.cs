using System.Globalization;
using Emis.Credentials.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.GettingStaff;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>What a reviewer decides about a row of a staff import held for review.</summary>
public enum StaffImportRowAction
{
    /// <summary>Import the row as a new member of staff as it stands (at its matched school); an unknown qualification is left out.</summary>
    ImportAsIs,

    /// <summary>The row's school is the one picked (by code): import the row there.</summary>
    PickSchool,

    /// <summary>The row is a member of staff already in Emis (the possible duplicate, or the one named): write nothing else.</summary>
    MarkDuplicate,

    /// <summary>Do not import the row (a reason is required).</summary>
    Reject,
}

/// <summary>Resolve one row of a staff import held for review.</summary>
public sealed record ResolveStaffImportRow(Guid ImportId, int Row, StaffImportRowAction Action, string? SchoolCode = null, Guid? StaffId = null,
    string? Reason = null)
{
    public override string ToString() => $"ResolveStaffImportRow {{ ImportId = {ImportId}, Row = {Row}, Action = {Action} }}";
}

/// <summary>What resolving a row gave: its new result, or what was wrong (nothing written).</summary>
public sealed record StaffRowResolved(StaffRowResult? Result, IReadOnlyList<UserError> Errors);

/// <summary>What a row held for review keeps, so that a reviewer's decision can import it later.</summary>
public sealed record StaffReviewDraft(
    string? FirstName, string? ParentName, string? LastName, string? BirthDate, string? Sex, string? SchoolText, string? SchoolCode,
    StaffRole? Role, ContractType? ContractType, decimal? Fte, string? StartDate, string? EndsOn, EducationLevel? Level, string? Qualification,
    int? QualificationLevel, string? Subjects, string? Email, string? Phone)
{
    public static StaffReviewDraft From(PlannedStaff row)
    {
        var d = row.Draft;
        return new StaffReviewDraft(d.FirstName, d.ParentName, d.LastName, Iso(d.BirthDate), PersonCleaning.Letter(d.Sex), d.SchoolText,
            row.School?.Code ?? d.SchoolCodeText, d.Role, d.ContractType, d.Fte, Iso(d.StartDate), Iso(d.EndsOn), d.Level, d.Qualification,
            d.QualificationLevel, d.Subjects, d.Email, d.Phone);
    }

    /// <summary>The draft again, with what the review adds: the row's corrections so far.</summary>
    public StaffDraft ToDraft(int row, IEnumerable<Correction> corrections)
    {
        var draft = new StaffDraft
        {
            Row = row,
            FirstName = FirstName,
            ParentName = ParentName,
            LastName = LastName,
            BirthDate = Date(BirthDate),
            Sex = Sex is { } sex ? PersonCleaning.ParseSex(sex) : null,
            SchoolText = SchoolText,
            SchoolCodeText = SchoolCode,
            Role = Role,
            ContractType = ContractType,
            Fte = Fte,
            StartDate = Date(StartDate),
            EndsOn = Date(EndsOn),
            Level = Level,
            Qualification = Qualification,
            QualificationLevel = QualificationLevel,
            Subjects = Subjects,
            Email = Email,
            Phone = Phone,
        };
        draft.Corrections.AddRange(corrections);
        return draft;
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? iso) => iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string ToString() => "StaffReviewDraft { (withheld) }";
}

/// <summary>
/// A reviewer's decision on a staff row held for review, as <c>resolveImportRow</c> does for learners: one transaction
/// (the member of staff's events and read models through <see cref="StaffImportWriter"/>, the account, the report row
/// and the import's summary) under the jurisdiction's import lock, with the row locked and its status checked again.
/// </summary>
public sealed class StaffImportResolution(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IAccountLedger ledger,
    TimeProvider clock,
    ImportRows rows,
    StaffImportReview review,
    IServiceScopeFactory scopes)
{
    public async Task<StaffRowResolved> ResolveAsync(Caller caller, CommandContext context, ResolveStaffImportRow command, CancellationToken ct)
    {
        if (command.Action == StaffImportRowAction.Reject && string.IsNullOrWhiteSpace(command.Reason))
        {
            return Refused(new UserError(ErrorCodes.Required, "reason", "Say why the row is rejected."));
        }
        if (command.Action == StaffImportRowAction.PickSchool && string.IsNullOrWhiteSpace(command.SchoolCode))
        {
            return Refused(new UserError(ErrorCodes.Required, "schoolCode", "Pick the school by its code."));
        }
        var tenant = caller.Jurisdiction;
        var import = await review.ImportAsync(caller, command.ImportId, ct);
        if (import is null)
        {
            return Refused(new UserError(ErrorCodes.NotFound, "importId", $"There is no staff import {command.ImportId} in your scope."));
        }
        if (import.Status != ImportStatus.Completed)
        {
            return Refused(new UserError(ErrorCodes.RuleViolated, "importId",
                "The import has not finished (importing the same file again completes it): its rows cannot be resolved yet."));
        }
        StoredImportRow<StaffRowResult, StaffReviewDraft>? held;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            held = await rows.RowAsync<StaffRowResult, StaffReviewDraft>(connection, tenant, import.Id, command.Row, forUpdate: false, ct);
        }
        if (held is null || !InScope(caller, import, held.SchoolCode, held.Municipality))
        {
            return Refused(new UserError(ErrorCodes.NotFound, "row", $"The import has no row {command.Row} in your scope."));
        }
        if (held.Status != RowStatus.Review) return Refused(NotInReview(command.Row, held.Status));

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        PlannedStaff? planned = null;
        StaffProfile? original = null;
        if (command.Action is StaffImportRowAction.ImportAsIs or StaffImportRowAction.PickSchool)
        {
            var (row, errors) = await PlanAsync(caller, import, held, command, today, ct);
            if (errors.Count > 0) return new StaffRowResolved(null, errors);
            planned = row;
        }
        else if (command.Action == StaffImportRowAction.MarkDuplicate)
        {
            var id = command.StaffId ?? held.Result.DuplicateOf?.StaffId;
            if (id is null)
            {
                return Refused(new UserError(ErrorCodes.Required, "staffId", $"Row {command.Row} names no member of staff: give staffId."));
            }
            await using var session = store.QuerySession(tenant);
            original = await session.LoadAsync<StaffProfile>(id.Value, ct);
            if (original is null || !StaffQueries.CanSee(caller, original)) return Refused(StaffAccess.UnknownStaff(id.Value));
        }

        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(store, dataSource, context, outbox, ct);
        if (!await ImportLock.TryTakeAsync(write, TimeSpan.FromSeconds(15), ct))
        {
            return Refused(new UserError(
                ErrorCodes.ConcurrencyConflict, "importId", "An import is running in this jurisdiction; try again when it has finished."));
        }
        var current = await rows.RowAsync<StaffRowResult, StaffReviewDraft>(write.Connection, tenant, import.Id, command.Row, forUpdate: true, ct);
        if (current is null || current.Status != RowStatus.Review) return Refused(NotInReview(command.Row, current?.Status ?? "gone"));
        var document = await write.Session.LoadAsync<StaffImport>(import.Id, ct) ?? import;

        StaffRowResult result;
        string? schoolCode = held.SchoolCode, municipality = held.Municipality;
        Guid? staffId;
        try
        {
            if (planned is not null)
            {
                var id = planned.PersonId!.Value;
                var school = planned.School!;
                var identities = await ledger.LoadIssuedAsync(tenant, ct);
                var draft = planned.Draft;
                var identity = identities.Of(id);
                if (identity is null)
                {
                    identity = new PersonIdentity(
                        id, identities.NextEduId(), identities.NextUsername(draft.FirstName!, draft.ParentName, draft.LastName!));
                    identities.Add(identity);
                    await ledger.IssueAsync(write, [new NewAccount(id, PersonKind.Staff, identity.EduId, identity.Username, draft.FirstName!,
                        draft.LastName!, school.Id, school.Code, document.SchoolYear, Grade: null)], ct);
                }
                var events = StaffImporter.Events(draft, id, school, today);
                await StaffImportWriter.AppendAsync(write, [(id, events)], ct);
                if (write.Outbox is { } messages)
                {
                    var announced = StaffStreams.Announce(tenant, id, events.Length, "contract_started", (school.Id, school.Municipality));
                    await messages.PublishAsync(announced,
                        new DeliveryOptions { TenantId = tenant });
                }
                result = StaffImporter.Result(
                    planned, new Dictionary<Guid, PersonIdentity> { [id] = identity }, identities, new Dictionary<Guid, int>());
                (schoolCode, municipality, staffId) = (school.Code, school.Municipality, id);
                document.Touch(school.Code, school.Municipality);
            }
            else if (original is not null)
            {
                // The member of staff may work at a school the reviewer does not manage: then the row names no EduID.
                var identity = StaffAccess.MayManage(caller, original) ? (await ledger.LoadIssuedAsync(tenant, ct)).Of(original.Id) : null;
                var h = held.Result;
                result = new StaffRowResult(h.Row, RowStatus.Duplicate,
                    h.Staff is { } s ? s with { EduId = identity?.EduId, Username = identity?.Username, StaffId = original.Id } : null,
                    new StaffDuplicateOf(h.DuplicateOf?.Row, identity?.EduId) { StaffId = original.Id }, h.Corrections, []);
                staffId = original.Id;
            }
            else
            {
                var h = held.Result;
                result = new StaffRowResult(h.Row, RowStatus.Rejected, h.Staff, h.DuplicateOf, h.Corrections,
                    [.. h.Errors, new RowProblem("row", "REJECTED_IN_REVIEW", "Rejected in review: " + command.Reason!.Trim())]);
                staffId = null;
            }
            await ImportRows.UpdateAsync(write, import.Id, new ImportRowRecord(command.Row, result.Status, schoolCode, municipality, staffId, result,
                null), ct);
            document.Summary = document.Summary.Moved(result.Status);
            write.Session.Store(document);
            await write.CommitAsync(ct);
        }
        catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Refused(new UserError(ErrorCodes.ConcurrencyConflict, "row", "Someone else changed the staff at the same moment; try again."));
        }
        return new StaffRowResolved(result, []);
    }

    /// <summary>The row as it will be imported: its kept draft, at its school or the one picked, through the import's own checks.</summary>
    private async Task<(PlannedStaff? Row, IReadOnlyList<UserError> Errors)> PlanAsync(Caller caller, StaffImport import,
        StoredImportRow<StaffRowResult, StaffReviewDraft> held, ResolveStaffImportRow command, DateOnly today, CancellationToken ct)
    {
        if (held.Kept is not { } kept || kept.FirstName is null || kept.LastName is null || kept.BirthDate is null || kept.Sex is null
            || kept.Role is null || kept.StartDate is null)
        {
            return (null, [new UserError(ErrorCodes.RuleViolated, "row",
                $"Row {command.Row} lacks what a member of staff needs (names, birth date, sex, role); reject it and import them again.")]);
        }
        var draft = kept.ToDraft(command.Row, held.Result.Corrections);
        if (command.Action == StaffImportRowAction.ImportAsIs && draft.QualificationLevel is null) draft.Qualification = null;
        var code = command.SchoolCode ?? held.SchoolCode ?? kept.SchoolCode;
        StaffingSchool? school = null;
        List<StaffingSchool> schools;
        await using (var session = store.QuerySession(caller.Jurisdiction))
        {
            schools = [.. await session.Query<StaffingSchool>().ToListAsync(ct)];
        }
        if (!string.IsNullOrWhiteSpace(code))
        {
            school = schools.FirstOrDefault(s => string.Equals(s.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        else if (command.Action == StaffImportRowAction.ImportAsIs && kept.SchoolText is { } name)
        {
            // A row held for another doubt was not matched: its school, as the import would have matched it.
            school = new SchoolMatcher<StaffingSchool>(schools).Match(name, null).School;
        }
        if (school is null)
        {
            return (null, [command.SchoolCode is null
                ? new UserError(ErrorCodes.Required, "schoolCode", $"Row {command.Row} has no certain school: use PICK_SCHOOL with its code.")
                : new UserError(ErrorCodes.NotFound, "schoolCode", $"There is no school with code '{command.SchoolCode.Trim()}'.")]);
        }
        var written = draft.SchoolText ?? draft.SchoolCodeText;
        if (written is not null && written != school.Name && !string.Equals(written, school.Code, StringComparison.OrdinalIgnoreCase))
        {
            draft.Corrections.Add(new Correction("school", written, school.Name,
                held.Result.Candidates?.FirstOrDefault(c => c.Code == school.Code)?.Confidence));
        }
        draft.SchoolId = school.Id;
        draft.SchoolCode = school.Code;
        var row = new PlannedStaff
        {
            Draft = draft,
            School = school,
            Status = RowStatus.Imported,
            PersonId = StaffImporter.StaffIdOf(import.Id, command.Row),
        };
        StaffPlanner.Check(row, today, s => StaffAccess.MayManage(caller, s));
        return draft.Errors.Count > 0
            ? (null, [.. draft.Errors.Select(e => new UserError(e.Code, e.Field, e.Message))])
            : (row, []);
    }

    /// <summary>Whether one row of the import lies in the caller's scope (the rule of <see cref="ImportRows.PageAsync{TResult}"/>).</summary>
    private static bool InScope(Caller caller, StaffImport import, string? schoolCode, string? municipality) => schoolCode is null
        ? caller.Role == Roles.MinistryAdmin || import.Actor == caller.Subject
        : StaffAccess.MayManage(caller, municipality, schoolCode);

    private static UserError NotInReview(int row, string status) =>
        new(ErrorCodes.RuleViolated, "row", $"Row {row} is not held for review (it is {status}).");

    private static StaffRowResolved Refused(UserError error) => new(null, [error]);
}

public sealed class StaffImportRowActionGraphType : EnumerationGraphType<StaffImportRowAction>
{
    public StaffImportRowActionGraphType()
    {
        Name = "StaffImportRowAction";
        Description = "IMPORT_AS_IS and PICK_SCHOOL import the row as a new member of staff; MARK_DUPLICATE joins it to one already in Emis; " +
                      "REJECT drops it.";
    }
}

public sealed class ResolveStaffImportRowInput
{
    public Guid ImportId { get; set; }
    public int Row { get; set; }
    public StaffImportRowAction Action { get; set; }
    public string? SchoolCode { get; set; }
    public Guid? StaffId { get; set; }
    public string? Reason { get; set; }
}

public sealed class ResolveStaffImportRowInputGraphType : InputObjectGraphType<ResolveStaffImportRowInput>
{
    public ResolveStaffImportRowInputGraphType()
    {
        Name = "ResolveStaffImportRowInput";
        Field(x => x.ImportId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Row).Description("The row's line in the file, as the report gives it.");
        Field(x => x.Action, type: typeof(NonNullGraphType<StaffImportRowActionGraphType>));
        Field(x => x.SchoolCode, nullable: true).Description("Required for PICK_SCHOOL.");
        Field(x => x.StaffId, type: typeof(IdGraphType)).Description("For MARK_DUPLICATE: the member of staff (default: the possible duplicate).");
        Field(x => x.Reason, nullable: true).Description("Required for REJECT; recorded on the events otherwise.");
    }
}

public sealed class ResolveStaffImportRowPayloadGraphType : ObjectGraphType<StaffRowResolved>
{
    public ResolveStaffImportRowPayloadGraphType()
    {
        Name = "ResolveStaffImportRowPayload";
        Field(x => x.Result, type: typeof(StaffImportRowGraphType)).Description("The row's new result; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

internal static class ResolveStaffImportRowMutation
{
    private static readonly string[] Reviewers = [Roles.MinistryAdmin, Roles.MunicipalityOfficer, Roles.SchoolAdmin];

    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ResolveStaffImportRowPayloadGraphType>>("resolveStaffImportRow")
            .Description(
                "Settles a row of a staff import held for review; a row that imports becomes a member of staff with an EduID and an account.")
            .Argument<NonNullGraphType<ResolveStaffImportRowInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<ResolveStaffImportRowInput>("input");
                var emis = context.EmisContext();
                var caller = context.RequireRole(Reviewers);
                var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
                return await context.RequestServices!.GetRequiredService<StaffImportResolution>().ResolveAsync(caller, emis.CommandContext(reason),
                    new ResolveStaffImportRow(input.ImportId, input.Row, input.Action, input.SchoolCode, input.StaffId, input.Reason),
                    context.CancellationToken);
            });
}
