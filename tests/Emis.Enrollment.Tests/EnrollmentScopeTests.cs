namespace Emis.Enrollment.Tests;

[Collection(HostCollection.Name)]
public sealed class EnrollmentScopeTests(EmisHostFixture host)
{
    private const string List =
        "query($f: LearnerFilter) { learners(filter: $f) { totalCount edges { node { id firstName lastName birthDate pseudonymised sex enrollment " +
        "{ schoolCode } } } } }";

    [Fact]
    public async Task each_role_sees_only_the_learners_and_figures_in_its_scope()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var p2 = await host.SchoolAsync(j, "P-2", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var inA = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, section: "A", first: "Arta"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, section: "B", first: "Besa"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p2, first: "Cen"));
        var far = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1, first: "Dua"));

        async Task<(int Listed, int Counted)> Sees(Platform.Auth.Caller caller)
        {
            var listed = (await host.DataAsync(caller, List))["learners"]!["totalCount"]!.GetValue<int>();
            var counted = (await host.StatisticsAsync(caller, []))["total"]!.GetValue<int>();
            return (listed, counted);
        }

        Assert.Equal((4, 4), await Sees(j.Admin));
        Assert.Equal((3, 3), await Sees(j.Officer("Prizren")));
        Assert.Equal((2, 2), await Sees(j.SchoolAdmin("P-1")));
        Assert.Equal((1, 1), await Sees(await host.TeacherOfAsync(j, "P-1", p1, (3, "A"))));
        Assert.Equal((0, 0), await Sees(j.Teacher("P-1")));
        Assert.Equal((0, 0), await Sees(new Jurisdiction().Admin));

        // Out of scope is nothing at all: no learner, no figure, no hint.
        Assert.Null((await host.DataAsync(j.SchoolAdmin("P-1"), LearnerRequests.Learner, new { id = far.Id() }))["learner"]);
        Assert.Null((await host.DataAsync(new Jurisdiction().Admin, LearnerRequests.Learner, new { id = far.Id() }))["learner"]);
        var outside = await host.StatisticsAsync(j.Officer("Prizren"), ["MUNICIPALITY"], new { municipality = "Gjakova" });
        Assert.Empty(outside["rows"]!.AsArray());
        var withdraw = await host.MutateAsync(j.SchoolAdmin("P-1"), LearnerRequests.Withdraw,
            new { input = new { learnerId = far.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner");
        Assert.Equal(("NOT_FOUND", "learnerId"), LearnerRequests.Error(withdraw));
        // A school cannot pull in a learner who is in class elsewhere, neither by enrolling nor by "transferring" them.
        var pull = await host.MutateAsync(j.SchoolAdmin("P-1"), LearnerRequests.Enroll,
            new { input = new { learnerId = far.Id(), schoolYear = "2026/2027", schoolId = p1, grade = 4, section = "A" } }, "enrollLearner");
        Assert.Equal(("NOT_FOUND", "learnerId"), LearnerRequests.Error(pull));
        var pullByTransfer = await host.MutateAsync(j.SchoolAdmin("P-1"), LearnerRequests.Transfer,
            new { input = new { learnerId = far.Id(), schoolYear = LearnerRequests.Year, toSchoolId = p1, section = "A" } }, "transferLearner");
        Assert.Equal(("NOT_FOUND", "learnerId"), LearnerRequests.Error(pullByTransfer));
        var untouched = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = far.Id() }))["learner"]!;
        Assert.Equal(("G-1", 2), (untouched["enrollment"]!["schoolCode"]!.GetValue<string>(), untouched["version"]!.GetValue<int>()));
        var enrolElsewhere = await host.MutateAsync(
            j.SchoolAdmin("P-1"), LearnerRequests.Register, LearnerRequests.NewLearner(g1), "registerLearner");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(enrolElsewhere).Code);
        var teacherAsTeacher = await host.MutateAsync(await host.TeacherOfAsync(j, "P-1", p1, (3, "A")), LearnerRequests.Withdraw,
            new { input = new { learnerId = inA.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(teacherAsTeacher).Code);
    }

    [Fact]
    public async Task an_analyst_gets_whole_jurisdiction_figures_but_no_personal_data_unless_granted()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, first: "Arta", disability: "VISUAL"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(g1, first: "Dua"));

        var figures = await host.StatisticsAsync(j.Analyst, ["MUNICIPALITY", "DISABILITY"]);
        Assert.Equal(["municipality=Gjakova,disability=NOT_COLLECTED:1", "municipality=Prizren,disability=VISUAL:1"],
            LearnerRequests.Rows(figures, "municipality", "disability"));

        var record = (await host.DataAsync(j.Analyst, LearnerRequests.Learner, new { id = learner.Id() }))["learner"]!;
        Assert.True(record["pseudonymised"]!.GetValue<bool>());
        Assert.Null(record["firstName"]);
        Assert.Null(record["lastName"]);
        Assert.Null(record["birthDate"]);
        Assert.Null(record["disability"]);
        Assert.Null(record["contacts"]);
        Assert.All(record["history"]!.AsArray(), h => Assert.Null(h!["actor"]));
        Assert.Equal("P-1", record["enrollment"]!["schoolCode"]!.GetValue<string>());

        var search = await host.GraphQLAsync(j.Analyst, List, new { f = new { nameContains = "Arta" } });
        Assert.Equal("FORBIDDEN", search["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var granted = j.Analyst with { GrantedRights = [Platform.Auth.Grants.PersonalData] };
        var named = (await host.DataAsync(granted, List, new { f = new { nameContains = "arta" } }))["learners"]!["edges"]!.AsArray();
        Assert.Equal("Arta", named.Single()!["node"]!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task names_are_found_whatever_the_accents_and_case()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Đorđe", last: "Šćekić"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Ayşe", last: "Yıldız"));

        async Task<IReadOnlyList<string>> Find(string text) => [.. (await host.DataAsync(j.Admin, List, new { f = new { nameContains = text } }))
            ["learners"]!["edges"]!.AsArray().Select(e => e!["node"]!["firstName"]!.GetValue<string>())];

        Assert.Equal(["Đorđe"], await Find("dorde scek"[..5]));
        Assert.Equal(["Đorđe"], await Find("ŠĆEKIĆ"));
        Assert.Equal(["Ayşe"], await Find("yildiz"));
        Assert.Empty(await Find("nobody"));
    }

    [Fact]
    public async Task shared_answers_follow_every_change_and_never_cross_scopes()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1));
        var schoolAdmin = j.SchoolAdmin("P-1");
        var stranger = j.Officer("Gjakova");

        async Task<int> Listed(Platform.Auth.Caller caller) =>
            (await host.DataAsync(caller, List, new { f = new { schoolId = p1 } }))["learners"]!["totalCount"]!.GetValue<int>();
        async Task<int> Counted(Platform.Auth.Caller caller) => (await host.StatisticsAsync(caller, []))["total"]!.GetValue<int>();

        Assert.Equal((1, 1), (await Listed(schoolAdmin), await Counted(schoolAdmin)));
        Assert.Equal((0, 0), (await Listed(stranger), await Counted(stranger)));
        var second = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(p1, first: "Besa"));
        Assert.Equal((2, 2), (await Listed(schoolAdmin), await Counted(schoolAdmin)));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = second.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));
        Assert.Equal((2, 1), (await Listed(schoolAdmin), await Counted(schoolAdmin)));
        Assert.Equal((0, 0), (await Listed(stranger), await Counted(stranger)));
    }
}
