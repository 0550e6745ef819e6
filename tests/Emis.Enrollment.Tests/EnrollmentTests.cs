namespace Emis.Enrollment.Tests;

[Collection(HostCollection.Name)]
public sealed class EnrollmentTests(EmisHostFixture host)
{
    [Fact]
    public async Task registering_and_enrolling_keeps_every_letter_of_the_names_and_records_the_history()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");

        var learner = await host.LearnerAsync(
            j.Admin, LearnerRequests.NewLearner(school, first: "Ëlira  Çeku", last: "Đorđević-Šćekić", parent: "Ayşe Yıldız Ğ"));

        Assert.Equal("Ëlira Çeku", learner["firstName"]!.GetValue<string>());
        Assert.Equal("Đorđević-Šćekić", learner["lastName"]!.GetValue<string>());
        Assert.Equal("Ayşe Yıldız Ğ", learner["parentName"]!.GetValue<string>());
        Assert.Equal("ENROLLED", learner["status"]!.GetValue<string>());
        Assert.Equal(3, learner["enrollment"]!["grade"]!.GetValue<int>());
        Assert.Equal(["registered", "enrolled"], learner["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()));
        Assert.Equal("admin-1", learner["history"]![1]!["actor"]!.GetValue<string>());

        var read = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = learner.Id() }))["learner"]!;
        Assert.Equal("Ëlira Çeku", read["firstName"]!.GetValue<string>());
        Assert.Equal(2, read["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_learner_under_13_with_their_own_email_or_phone_is_refused_and_nothing_is_stored()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");

        var refused = await host.MutateAsync(j.Admin, LearnerRequests.Register,
            LearnerRequests.NewLearner(school, birthDate: "2016-05-01", contacts: new { email = "arben@example.org", phone = "+38344111222" }),
                "registerLearner");

        var fields = refused["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["contacts.email", "contacts.phone"], fields);
        Assert.All(refused["errors"]!.AsArray(), e => Assert.Equal("RULE_VIOLATED", e!["code"]!.GetValue<string>()));
        Assert.Contains("under 13", refused["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var total = (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>();
        Assert.Equal(0, total);
        var listed = await host.DataAsync(j.Admin, "{ learners { totalCount } }");
        Assert.Equal(0, listed["learners"]!["totalCount"]!.GetValue<int>());

        var guardian = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, birthDate: "2016-05-01",
            contacts: new { guardianName = "Ilir Krasniqi", guardianEmail = "ilir@example.org" }));
        Assert.Equal("ilir@example.org", guardian["contacts"]!["guardianEmail"]!.GetValue<string>());
        Assert.Null(guardian["contacts"]!["email"]);

        var teenager = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, grade: 8, birthDate: "2010-01-15",
            contacts: new { email = "teen@example.org" }));
        Assert.Equal("teen@example.org", teenager["contacts"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task bad_input_is_refused_with_errors_that_name_the_field()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");

        var refused = await host.MutateAsync(j.Admin, LearnerRequests.Register,
            LearnerRequests.NewLearner(school, first: "Arb3n", year: "2025-2026", grade: 0), "registerLearner");

        var errors = refused["errors"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Contains(("INVALID", "firstName"), errors);
        Assert.Contains(("INVALID", "enrollment.schoolYear"), errors);
        Assert.Contains(("INVALID", "enrollment.grade"), errors);
        Assert.Null(refused["learner"]);
    }

    [Fact]
    public async Task a_learner_has_one_active_enrolment_per_school_year()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var other = await host.SchoolAsync(j, "P-2", "Prizren");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));

        var again = await host.MutateAsync(j.Admin, LearnerRequests.Enroll,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, schoolId = other, grade = 3, section = "B" } },
                "enrollLearner");
        Assert.Equal(("ALREADY_ENROLLED", "schoolYear"), LearnerRequests.Error(again));

        var nextYear = await host.MutateAsync(j.Admin, LearnerRequests.Enroll,
            new { input = new { learnerId = learner.Id(), schoolYear = "2026/2027", schoolId = other, grade = 4, section = "B" } }, "enrollLearner");
        LearnerRequests.Ok(nextYear);
        Assert.Equal("2026/2027", nextYear["learner"]!["enrollment"]!["schoolYear"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_grade_must_fit_the_school_level_and_a_closed_school_takes_nobody()
    {
        var j = new Jurisdiction();
        var primary = await host.SchoolAsync(j, "P-1", "Prizren");
        var gymnasium = await host.SchoolAsync(j, "G-1", "Prizren", "UPPER_SECONDARY");

        var tooOld = await host.MutateAsync(j.Admin, LearnerRequests.Register, LearnerRequests.NewLearner(primary, grade: 11), "registerLearner");
        Assert.Equal(("RULE_VIOLATED", "enrollment.grade"), LearnerRequests.Error(tooOld));
        Assert.Contains("grades 1–9", tooOld["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var tooYoung = await host.MutateAsync(j.Admin, LearnerRequests.Register, LearnerRequests.NewLearner(gymnasium, grade: 5), "registerLearner");
        Assert.Equal(("RULE_VIOLATED", "enrollment.grade"), LearnerRequests.Error(tooYoung));
        await host.LearnerAsync(
            j.Admin, LearnerRequests.NewLearner(gymnasium, grade: 10, birthDate: "2010-02-02", contacts: new { phone = "+38761000111" }));

        var closed = await host.TrackedAsync(() => host.DataAsync(j.Admin, """
            mutation($input: ChangeSchoolStatusInput!) { changeSchoolStatus(input: $input) { school { version } errors { code } } }
            """, new { input = new { schoolId = primary, status = "CLOSED", reason = "merged" } }));
        await host.AssertKnownToEnrollmentAsync(j.Id, Guid.Parse(primary), closed["changeSchoolStatus"]!["school"]!["version"]!.GetValue<long>());
        var refused = await host.MutateAsync(j.Admin, LearnerRequests.Register, LearnerRequests.NewLearner(primary), "registerLearner");
        Assert.Equal(("RULE_VIOLATED", "enrollment.schoolId"), LearnerRequests.Error(refused));
        Assert.Contains("closed", refused["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_transfer_leaves_one_school_and_enters_the_other_in_one_history()
    {
        var j = new Jurisdiction();
        var from = await host.SchoolAsync(j, "P-1", "Prizren");
        var to = await host.SchoolAsync(j, "P-2", "Gjakova");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(from, sex: "FEMALE", first: "Blerta"));

        var moved = await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new
            {
                input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, toSchoolId = to, section = "c", reason = "family moved" },
            },
            "transferLearner");
        LearnerRequests.Ok(moved);
        var after = moved["learner"]!;
        Assert.Equal("P-2", after["enrollment"]!["schoolCode"]!.GetValue<string>());
        Assert.Equal("Gjakova", after["enrollment"]!["municipality"]!.GetValue<string>());
        Assert.Equal("C", after["enrollment"]!["section"]!.GetValue<string>());
        Assert.Equal(3, after["enrollment"]!["grade"]!.GetValue<int>());
        Assert.Equal(["registered", "enrolled", "transferred"], after["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()));
        Assert.Equal("from P-1", after["history"]![2]!["detail"]!.GetValue<string>());

        var statistics = await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SCHOOL"]);
        Assert.Equal(["municipality=Gjakova,schoolCode=P-2:1"], LearnerRequests.Rows(statistics, "municipality", "schoolCode"));

        var same = await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, toSchoolId = to, section = "C" } }, "transferLearner");
        Assert.Equal(("RULE_VIOLATED", "toSchoolId"), LearnerRequests.Error(same));
    }

    [Fact]
    public async Task a_withdrawn_learner_leaves_the_figures_and_can_re_enter_later()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));

        var noNote = await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "OTHER" } }, "withdrawLearner");
        Assert.Equal(("REQUIRED", "note"), LearnerRequests.Error(noNote));

        var withdrawn = await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner");
        LearnerRequests.Ok(withdrawn);
        Assert.Equal("WITHDRAWN", withdrawn["learner"]!["status"]!.GetValue<string>());
        Assert.False(withdrawn["learner"]!["enrollment"]!["active"]!.GetValue<bool>());
        Assert.Equal(0, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());

        var back = await host.MutateAsync(j.Admin, LearnerRequests.Enroll,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, schoolId = school, grade = 3, section = "A" } },
                "enrollLearner");
        LearnerRequests.Ok(back);
        Assert.Equal("ENROLLED", back["learner"]!["status"]!.GetValue<string>());
        Assert.Equal("re-entry", back["learner"]!["history"]!.AsArray().Last()!["detail"]!.GetValue<string>());
        Assert.Equal(1, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_refused_registration_leaves_no_personal_data_in_the_logs()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");

        var badName = await host.MutateAsync(
            j.Admin, LearnerRequests.Register, LearnerRequests.NewLearner(school, first: "Zzsecretname9", last: "Qqhiddenlast"), "registerLearner");
        Assert.Equal(("INVALID", "firstName"), LearnerRequests.Error(badName));
        var ownEmail = await host.MutateAsync(j.Admin, LearnerRequests.Register,
            LearnerRequests.NewLearner(school, first: "Zzsecretname", last: "Qqhiddenlast", birthDate: "2017-02-03",
                contacts: new { email = "kid.secret@example.org" }), "registerLearner");
        Assert.Equal(("RULE_VIOLATED", "contacts.email"), LearnerRequests.Error(ownEmail));

        Assert.Contains(host.Logs.Lines, line => line.Contains("RegisterLearner", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("Zzsecret", StringComparison.Ordinal)
            || line.Contains("Qqhidden", StringComparison.Ordinal) || line.Contains("kid.secret", StringComparison.Ordinal)
            || line.Contains("2017-02-03", StringComparison.Ordinal) || line.Contains("02/03/2017", StringComparison.Ordinal));
    }
}
