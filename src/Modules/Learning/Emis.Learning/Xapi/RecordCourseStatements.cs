using Emis.Credentials.Contracts;
using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Npgsql;

namespace Emis.Learning.Xapi;

/// <summary>
/// Record a learning platform's xAPI statements (already checked by <see cref="StatementParser"/>), all or none: each
/// learner known in the jurisdiction, each activity in a registered course, each id new or the very statement stored under it.
/// </summary>
/// <param name="BatchId">The new stream's id, should anything be new.</param>
public sealed record RecordCourseStatements(Guid BatchId, IReadOnlyList<XapiStatement> Statements)
{
    public sealed class Validator : AbstractValidator<RecordCourseStatements>
    {
        public Validator()
        {
            RuleFor(x => x.BatchId).NotEmpty();
            RuleFor(x => x.Statements).NotEmpty().WithMessage("Give at least one statement.")
                .Must(s => s.Count <= StatementParser.MaxStatements).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage($"A request carries at most {StatementParser.MaxStatements} statements.");
        }
    }
}

/// <summary>A statement id already stored in the jurisdiction: its fingerprint, its learner, or the statement it voids.</summary>
public sealed record KnownStatement(Guid StatementId, string Hash, Guid? LearnerId, Guid? Voids);

/// <summary>What a request adds to the record: nothing when every statement was stored already (the same request sent again).</summary>
public sealed record StatementsDecision(CourseStatementsRecorded? Recorded, CourseStatementsVoided? Voided)
{
    public bool Nothing => Recorded is null && Voided is null;
}

public static class RecordCourseStatementsHandler
{
    /// <summary>The refusal of a statement stored under the same id with other content (HTTP 409, as xAPI says).</summary>
    public const string Conflict = "CONFLICT";

    public static async Task Handle(RecordCourseStatements command, IDocumentSession session, IAccountDirectory accounts, IClassLists classes,
        ICourseCatalogue courses, StatementIds ids, TimeProvider clock, CancellationToken ct)
    {
        var jurisdiction = session.TenantId;
        var learning = command.Statements.Where(s => !s.IsVoiding).ToList();
        // Three independent reads, each on a connection of its own, at once: the learners (Credentials, then Enrollment), the
        // courses (Curriculum) and the ids already stored.
        var people = PeopleAsync(jurisdiction, learning, accounts, classes, ct);
        var placing = courses.PlaceAsync(jurisdiction,
            [.. learning.Select(s => new ActivityReference(s.ActivityId!, s.ContextIris, s.CategoryIris, s.CategoryCode))], ct);
        var knowing = ids.KnownAsync(jurisdiction,
            [.. command.Statements.Select(s => s.Id), .. command.Statements.Where(s => s.IsVoiding).Select(s => s.Voids!.Value)], ct);
        await Task.WhenAll(people, placing, knowing);
        var (holders, whereabouts) = await people;
        var placements = await placing;
        var decision = Decide(command, jurisdiction, holders, whereabouts.ToDictionary(w => w.LearnerId),
            learning.Select((s, i) => (s.Index, placements[i])).ToDictionary(x => x.Index, x => x.Item2), await knowing, clock.GetUtcNow());
        if (decision.Nothing) return;
        session.Events.StartStream(command.BatchId, [.. new object?[] { decision.Recorded, decision.Voided }.OfType<object>()]);
    }

    private static async Task<(IReadOnlyDictionary<string, AccountHolder>, IReadOnlyList<LearnerWhereabouts>)> PeopleAsync(string jurisdiction,
        List<XapiStatement> learning, IAccountDirectory accounts, IClassLists classes, CancellationToken ct)
    {
        var holders = await accounts.PeopleOfAsync(jurisdiction, [.. learning.Select(s => s.Learner!.Value).Distinct(StringComparer.Ordinal)], ct);
        var learners = holders.Values.Where(h => h.Kind == PersonKind.Learner).Select(h => h.PersonId).Distinct().ToList();
        return (holders, await classes.WhereaboutsAsync(jurisdiction, learners, ct));
    }

    /// <summary>
    /// What the statements add, or every reason why not: a statement's learner is a learner of the jurisdiction Enrollment
    /// knows (not a member of staff, not someone else's), its activity belongs to a registered course and names only that
    /// course's content categories, and its id is new — or holds the same statement already (then it adds nothing). A voiding
    /// statement may void a statement not received yet (the specification asks an LRS not to refuse it), but never a voiding one.
    /// </summary>
    public static StatementsDecision Decide(RecordCourseStatements command, string jurisdiction, IReadOnlyDictionary<string, AccountHolder> holders,
        IReadOnlyDictionary<Guid, LearnerWhereabouts> whereabouts, IReadOnlyDictionary<int, ActivityPlacement> placements,
        IReadOnlyDictionary<Guid, KnownStatement> known, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(holders);
        ArgumentNullException.ThrowIfNull(whereabouts);
        ArgumentNullException.ThrowIfNull(placements);
        ArgumentNullException.ThrowIfNull(known);
        var errors = new List<UserError>();
        var recorded = new List<CourseStatement>();
        var voids = new List<StatementVoid>();
        var learners = new Dictionary<Guid, StatementLearner>();
        var inBatch = command.Statements.ToDictionary(s => s.Id);
        foreach (var s in command.Statements)
        {
            var at = $"statements[{s.Index}]";
            var stored = known.GetValueOrDefault(s.Id);
            if (s.IsVoiding)
            {
                var target = s.Voids!.Value;
                if (inBatch.TryGetValue(target, out var sibling) && sibling.IsVoiding || known.GetValueOrDefault(target)?.Voids is not null)
                {
                    errors.Add(new UserError(ErrorCodes.RuleViolated, $"{at}.object.id",
                        $"Statement {target} is itself a voiding statement: a voiding statement cannot be voided."));
                    continue;
                }
                if (Same(stored, s, null, errors, at)) continue;
                voids.Add(new StatementVoid(s.Id, target, (s.Timestamp ?? now).ToUniversalTime(), s.Hash));
                continue;
            }
            var learner = Learner(s, jurisdiction, holders, whereabouts, errors, at);
            var placement = placements[s.Index];
            switch (placement.Problem)
            {
                case PlacementProblem.NoCourse:
                    errors.Add(new UserError(ErrorCodes.NotFound, $"{at}.object.id", placement.Message!));
                    continue;
                case PlacementProblem.UnknownCategory:
                    errors.Add(new UserError(ErrorCodes.NotFound, s.CategoryField, placement.Message!));
                    continue;
            }
            if (learner is null || Same(stored, s, learner.LearnerId, errors, at)) continue;
            learners.TryAdd(learner.LearnerId, Snapshot(learner));
            recorded.Add(new CourseStatement(s.Id, learner.LearnerId, s.Verb, s.ActivityId!, placement.CourseIri!, placement.CategoryCode, s.Scaled,
                s.Raw, s.Min, s.Max, s.Success, s.Completion, s.Duration, (s.Timestamp ?? now).ToUniversalTime(), s.Hash));
        }
        if (errors.Count > 0) throw new CommandRejectedException(errors);
        return new StatementsDecision(
            recorded.Count == 0 ? null : new CourseStatementsRecorded(command.BatchId, [.. learners.Values], recorded),
            voids.Count == 0 ? null : new CourseStatementsVoided(command.BatchId, voids));
    }

    /// <summary>Whether the id holds this very statement already (true: nothing to add); a different one is a conflict.</summary>
    private static bool Same(KnownStatement? stored, XapiStatement s, Guid? learner, List<UserError> errors, string at)
    {
        if (stored is null) return false;
        if (stored.Hash == s.Hash && stored.LearnerId == learner && stored.Voids == s.Voids) return true;
        errors.Add(new UserError(Conflict, $"{at}.id",
            $"Statement {s.Id} is stored already with other content: a statement never changes (void it and send the new one under a new id)."));
        return true;
    }

    private static LearnerWhereabouts? Learner(XapiStatement s, string jurisdiction, IReadOnlyDictionary<string, AccountHolder> holders,
        IReadOnlyDictionary<Guid, LearnerWhereabouts> whereabouts, List<UserError> errors, string at)
    {
        var (field, what) = s.Learner!.Key == LearnerKey.EduId
            ? ($"{at}.actor.account.name", "EduID")
            : ($"{at}.actor", "account name");
        if (s.Learner.Key == LearnerKey.EduId && !IsEduIdShaped(s.Learner.Value))
        {
            errors.Add(new UserError(ErrorCodes.Invalid, field,
                "An account at the EduID home page is named by an EduID: 12 digits (1234 5678 9012)."));
            return null;
        }
        if (!holders.TryGetValue(s.Learner.Value, out var holder))
        {
            errors.Add(new UserError(ErrorCodes.NotFound, field, $"No learner of jurisdiction {jurisdiction} has this {what}."));
            return null;
        }
        if (holder.Kind != PersonKind.Learner)
        {
            errors.Add(new UserError(ErrorCodes.NotFound, field,
                $"This {what} is a member of staff's, not a learner's: Emis records the course progress of learners."));
            return null;
        }
        if (!whereabouts.TryGetValue(holder.PersonId, out var learner))
        {
            errors.Add(new UserError(ErrorCodes.NotFound, field, $"No learner of jurisdiction {jurisdiction} has this {what} (not registered now)."));
            return null;
        }
        return learner;
    }

    private static bool IsEduIdShaped(string value)
    {
        var digits = value.Replace(" ", "", StringComparison.Ordinal);
        return digits.Length == 12 && digits.All(char.IsAsciiDigit);
    }

    private static StatementLearner Snapshot(LearnerWhereabouts w) => w.Placement is { } p
        ? new StatementLearner(w.LearnerId, w.Sex, p.SchoolId, p.SchoolCode, w.Municipality, p.SchoolYear, p.Grade, p.Section)
        : new StatementLearner(w.LearnerId, w.Sex, null, null, null, null, null, null);
}

/// <summary>Statement ids already stored, read from <c>lrn_xapi_statements</c> (one query by primary key).</summary>
public sealed class StatementIds(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<IReadOnlyDictionary<Guid, KnownStatement>> KnownAsync(string jurisdiction, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var known = new Dictionary<Guid, KnownStatement>();
        if (ids.Count == 0) return known;
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select statement_id, hash, learner_id, voids from {_schema}.lrn_xapi_statements where tenant_id = $1 and statement_id = any($2)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            known[id] = new KnownStatement(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3));
        }
        return known;
    }
}

/// <summary>Only a partner holding the learning-platform grant sends statements (adr/0029).</summary>
internal sealed class RecordCourseStatementsPolicy : ICommandPolicy<RecordCourseStatements>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordCourseStatements command, CancellationToken ct) => Task.FromResult(Refusal(caller));

    public static UserError? Refusal(Caller caller) => caller.Role == Roles.Partner && Grants.Holds(caller, Grants.LearningPlatform)
        ? null
        : new UserError(ErrorCodes.Forbidden, null, caller.Role == Roles.Partner
            ? $"This partner's token lacks the {Grants.LearningPlatform} grant: only learning platforms send xAPI statements."
            : $"The role '{caller.Role}' may not send xAPI statements: a partner with the {Grants.LearningPlatform} grant (a learning " +
                "platform) may.");
}
