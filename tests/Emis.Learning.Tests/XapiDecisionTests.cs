using System.Text.Json;
using Emis.Credentials.Contracts;
using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Xapi;
using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Learning.Tests;

/// <summary>What a request of statements adds to the record, or why not — decided without a database.</summary>
public sealed class XapiDecisionTests
{
    private const string Course = "https://lms.example.org/course/algebra-1";
    private static readonly DateTimeOffset Now = new(2025, 10, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid School = Guid.NewGuid();
    private static readonly Guid Arta = Guid.NewGuid();
    private static readonly Guid Dren = Guid.NewGuid();
    private static readonly Guid Teacher = Guid.NewGuid();

    private static readonly Dictionary<string, AccountHolder> Holders = new(StringComparer.Ordinal)
    {
        ["arta.krasniqi@una-sana.example"] = new(Arta, PersonKind.Learner),
        ["dren.gashi@una-sana.example"] = new(Dren, PersonKind.Learner),
        ["mira.teacher@una-sana.example"] = new(Teacher, PersonKind.Staff),
    };

    private static readonly Dictionary<Guid, LearnerWhereabouts> Whereabouts = new()
    {
        [Arta] = new(Arta, "FEMALE", new LearnerPlacement(Arta, "2025/2026", School, "P-1", 5, "A"), "Prizren"),
        [Dren] = new(Dren, "MALE", null, null),
    };

    private static XapiStatement Statement(int index, string actor, string verb = XapiVerbs.Launched, Guid? id = null, Guid? voids = null,
        string hash = "h1") =>
        new(index, id ?? Guid.NewGuid(), voids is null ? new LearnerIdentifier(LearnerKey.AccountName, actor) : null, verb,
            voids is null ? Course : null, [], [], null, $"statements[{index}].context.contextActivities.category", 0.5m, null, null, null, true,
            null, null, null, voids, hash);

    private static ActivityPlacement Placed(string? category = null) => new(Course, category, PlacementProblem.None, null);

    private static StatementsDecision Decide(IReadOnlyList<XapiStatement> statements, Dictionary<int, ActivityPlacement>? placements = null,
        Dictionary<Guid, KnownStatement>? known = null) =>
        RecordCourseStatementsHandler.Decide(new RecordCourseStatements(Guid.NewGuid(), statements), "una-sana", Holders, Whereabouts,
            placements ?? statements.Where(s => !s.IsVoiding).ToDictionary(s => s.Index, _ => Placed()), known ?? [], Now);

    private static IReadOnlyList<(string Code, string? Field)> Refusal(Func<StatementsDecision> decide) =>
        [.. Assert.Throws<CommandRejectedException>(() => decide()).Errors.Select(e => (e.Code, e.Field))];

    [Fact]
    public void statements_carry_the_learners_id_and_where_they_were_never_their_account_name()
    {
        var decision = Decide([Statement(0, "arta.krasniqi@una-sana.example"), Statement(1, "dren.gashi@una-sana.example")]);
        var recorded = decision.Recorded!;
        Assert.Equal([Arta, Dren], recorded.Statements.Select(s => s.LearnerId));
        Assert.All(recorded.Statements, s => Assert.Equal(Now, s.Timestamp));
        Assert.Equal(new StatementLearner(Arta, "FEMALE", School, "P-1", "Prizren", "2025/2026", 5, "A"), recorded.Learners[0]);
        Assert.Equal(new StatementLearner(Dren, "MALE", null, null, null, null, null, null), recorded.Learners[1]);
        Assert.DoesNotContain("arta.krasniqi", JsonSerializer.Serialize(recorded), StringComparison.Ordinal);
        Assert.Null(decision.Voided);
    }

    [Fact]
    public void an_unknown_learner_a_member_of_staff_and_an_activity_of_no_course_are_each_named()
    {
        var statements = new[]
        {
            Statement(0, "arta.krasniqi@una-sana.example"), Statement(1, "nobody@una-sana.example"), Statement(2, "mira.teacher@una-sana.example"),
            Statement(3, "arta.krasniqi@una-sana.example"), Statement(4, "arta.krasniqi@una-sana.example"),
        };
        var placements = new Dictionary<int, ActivityPlacement>
        {
            [0] = Placed(),
            [1] = Placed(),
            [2] = Placed(),
            [3] = new(null, null, PlacementProblem.NoCourse, "no course"),
            [4] = new(Course, null, PlacementProblem.UnknownCategory, "'X' is not a content category"),
        };
        Assert.Equal([("NOT_FOUND", "statements[1].actor"), ("NOT_FOUND", "statements[2].actor"), ("NOT_FOUND", "statements[3].object.id"),
            ("NOT_FOUND", "statements[4].context.contextActivities.category")], Refusal(() => Decide(statements, placements)));
    }

    [Fact]
    public void the_same_id_with_the_same_statement_adds_nothing_and_with_another_is_a_conflict()
    {
        var id = Guid.NewGuid();
        var known = new Dictionary<Guid, KnownStatement> { [id] = new(id, "h1", Arta, null) };
        Assert.True(Decide([Statement(0, "arta.krasniqi@una-sana.example", id: id)], known: known).Nothing);
        Assert.Equal([("CONFLICT", "statements[0].id")],
            Refusal(() => Decide([Statement(0, "arta.krasniqi@una-sana.example", id: id, hash: "h2")], known: known)));
        // The same content about another learner is another statement too.
        Assert.Equal([("CONFLICT", "statements[0].id")],
            Refusal(() => Decide([Statement(0, "dren.gashi@una-sana.example", id: id)], known: known)));
        // New statements of the same request are recorded; the known one is not recorded again.
        var decision = Decide([Statement(0, "arta.krasniqi@una-sana.example", id: id), Statement(1, "dren.gashi@una-sana.example")], known: known);
        Assert.Equal([Dren], decision.Recorded!.Statements.Select(s => s.LearnerId));
    }

    [Fact]
    public void a_voiding_statement_voids_a_statement_known_or_not_yet_but_never_a_voiding_statement()
    {
        var target = Guid.NewGuid();
        var voiding = Statement(0, "admin", XapiVerbs.Voided, voids: target);
        var decision = Decide([voiding]);
        Assert.Equal(new StatementVoid(voiding.Id, target, Now, "h1"), Assert.Single(decision.Voided!.Voids));
        Assert.Null(decision.Recorded);

        var earlier = Guid.NewGuid();
        var known = new Dictionary<Guid, KnownStatement> { [earlier] = new(earlier, "h9", null, target) };
        Assert.Equal([("RULE_VIOLATED", "statements[0].object.id")],
            Refusal(() => Decide([Statement(0, "admin", XapiVerbs.Voided, voids: earlier)], known: known)));
        var sibling = Statement(0, "admin", XapiVerbs.Voided, voids: target);
        Assert.Equal([("RULE_VIOLATED", "statements[1].object.id")],
            Refusal(() => Decide([sibling, Statement(1, "admin", XapiVerbs.Voided, voids: sibling.Id)])));
        // A statement and its voiding in one request: both recorded, the voiding after.
        var statement = Statement(0, "arta.krasniqi@una-sana.example");
        var both = Decide([statement, Statement(1, "admin", XapiVerbs.Voided, voids: statement.Id)]);
        Assert.Equal(statement.Id, Assert.Single(both.Voided!.Voids).Voided);
        Assert.Single(both.Recorded!.Statements);
    }

    [Fact]
    public void only_a_partner_with_the_learning_platform_grant_may_send_statements()
    {
        var platform = new Caller("lms", Roles.Partner, "una-sana", null, null) { GrantedRights = [Grants.LearningPlatform] };
        Assert.Null(RecordCourseStatementsPolicy.Refusal(platform));
        Assert.Equal(ErrorCodes.Forbidden, RecordCourseStatementsPolicy.Refusal(platform with { GrantedRights = [Grants.PersonalData] })!.Code);
        Assert.Equal(ErrorCodes.Forbidden, RecordCourseStatementsPolicy.Refusal(platform with { Role = Roles.MinistryAdmin })!.Code);
    }
}
