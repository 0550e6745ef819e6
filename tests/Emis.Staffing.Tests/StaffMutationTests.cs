using Emis.Platform.Auth;

namespace Emis.Staffing.Tests;

[Collection(HostCollection.Name)]
public sealed class StaffMutationTests(EmisHostFixture host)
{
    private const string StaffList = "query($f: StaffFilter) { staff(filter: $f) { totalCount edges { node { id firstName pseudonymised } } } }";

    private const string Roster =
        "query($s: ID!) { classRoster(schoolId: $s, schoolYear: \"2025/2026\", grade: 3, section: \"A\") { id } }";

    [Fact]
    public async Task a_member_of_staff_is_registered_employed_qualified_and_corrected_with_a_reason_in_their_history()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var staff = await host.StaffAsync(j.SchoolAdmin("P-1"), StaffRequests.NewStaff(
            StaffRequests.Contract(school, level: "ISCED2", type: "FIXED_TERM", fte: 0.5m, endsOn: "2027-08-31"), first: "  Dëshira ",
                last: "Çelik"));
        Assert.Equal(("Dëshira", "Çelik", true, 0.5m), (staff["firstName"]!.GetValue<string>(), staff["lastName"]!.GetValue<string>(),
            staff["employed"]!.GetValue<bool>(), staff["fte"]!.GetValue<decimal>()));
        var contract = staff["contracts"]![0]!;
        Assert.Equal(("P-1", "ISCED2", "FIXED_TERM"), (contract["schoolCode"]!.GetValue<string>(), contract["level"]!.GetValue<string>(),
            contract["type"]!.GetValue<string>()));

        LearnerRequests.Ok(await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Qualification,
            new { input = new { staffId = staff.Id(), iscedLevel = 7, field = "Mathematics", institution = "University of Prizren", year = 2010 } },
            "recordQualification"));
        LearnerRequests.Ok(await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Training,
            new
            {
                input = new
                {
                    staffId = staff.Id(),
                    kind = "PRE_SERVICE",
                    course = "Teacher education",
                    provider = "UP",
                    hours = 600m,
                    completedOn = "2010-06-30"
                }
            }, "recordTraining"));

        var noReason = await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Correct, Correction(staff.Id(), "Dëshirë", ""),
            "correctStaffDetails");
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(noReason));
        var corrected = await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Correct,
            Correction(staff.Id(), "Dëshirë", "typed wrong at registration"), "correctStaffDetails");
        LearnerRequests.Ok(corrected);
        var member = corrected["staffMember"]!;
        Assert.Equal("Dëshirë", member["firstName"]!.GetValue<string>());
        Assert.Equal(["registered", "contract_started", "qualification_recorded", "training_recorded", "corrected"],
            member["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()));
        var unchanged = await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Correct, Correction(staff.Id(), "Dëshirë", "again"),
            "correctStaffDetails");
        Assert.Equal("UNCHANGED", LearnerRequests.Error(unchanged).Code);

        // The reason is in the audit trail, for those who may read it.
        var audit = await host.DataAsync(j.Admin, "query($id: ID!) { staffMember(id: $id) { auditTrail { edges { node { type reason } } } } }",
            new { id = staff.Id() });
        Assert.Contains(audit["staffMember"]!["auditTrail"]!["edges"]!.AsArray(),
            e => e!["node"]!["reason"]?.GetValue<string>() == "typed wrong at registration");
    }

    [Fact]
    public async Task each_role_sees_and_manages_only_the_staff_in_its_scope()
    {
        var j = new Jurisdiction();
        var p1 = await host.SchoolAsync(j, "P-1", "Prizren");
        var g1 = await host.SchoolAsync(j, "G-1", "Gjakova");
        var inPrizren = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(p1), first: "Arta"));
        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(g1), first: "Besa"));
        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(null, first: "Cen"));

        async Task<int> Sees(Caller caller) => (await host.DataAsync(caller, StaffList))["staff"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(3, await Sees(j.Admin));
        Assert.Equal(3, await Sees(j.Analyst));
        Assert.Equal(3, await Sees(j.Partner));
        Assert.Equal(1, await Sees(j.Officer("Prizren")));
        Assert.Equal(1, await Sees(j.SchoolAdmin("G-1")));
        Assert.Equal(0, await Sees(j.Teacher("P-1")));
        Assert.Equal(1, await Sees(new Caller(inPrizren.Id(), Roles.Teacher, j.Id, null, "P-1")));
        Assert.Equal(0, await Sees(new Jurisdiction().Admin));

        var analystView = (await host.DataAsync(j.Analyst, StaffList))["staff"]!["edges"]![0]!["node"]!;
        Assert.Equal((true, null), (analystView["pseudonymised"]!.GetValue<bool>(), analystView["firstName"]?.GetValue<string>()));

        var elsewhere = await host.MutateAsync(j.SchoolAdmin("G-1"), StaffRequests.Register, StaffRequests.NewStaff(StaffRequests.Contract(p1)),
            "registerStaffMember");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(elsewhere).Code);
        var noContract = await host.MutateAsync(j.SchoolAdmin("G-1"), StaffRequests.Register, StaffRequests.NewStaff(null), "registerStaffMember");
        Assert.Equal(("INVALID", "contract"), LearnerRequests.Error(noContract));
        var byTeacher = await host.MutateAsync(j.Teacher("P-1"), StaffRequests.Register, StaffRequests.NewStaff(StaffRequests.Contract(p1)),
            "registerStaffMember");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(byTeacher).Code);
        var assignOther = await host.MutateAsync(j.SchoolAdmin("G-1"), StaffRequests.Assign, new
        {
            input = new
            {
                staffId = inPrizren.Id(),
                schoolId = p1,
                schoolYear = "2025/2026",
                grade = 3,
                section = "A",
                subject = "Art",
                weeklyHours = 2
            },
        }, "assignTeaching");
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(assignOther).Code);
        var noPost = await host.MutateAsync(j.Admin, StaffRequests.Assign, new
        {
            input = new
            {
                staffId = inPrizren.Id(),
                schoolId = g1,
                schoolYear = "2025/2026",
                grade = 3,
                section = "A",
                subject = "Art",
                weeklyHours = 2
            },
        }, "assignTeaching");
        Assert.Equal(("RULE_VIOLATED", "schoolId"), LearnerRequests.Error(noPost));

        // A transfer moves the member of staff out of the sending school's scope and into the receiving one's.
        var transferred = await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.Transfer, new
        {
            input = new { staffId = inPrizren.Id(), contractId = inPrizren["contracts"]![0]!.Id(), toSchoolId = g1, transferredOn = "2026-01-15" },
        }, "transferStaffMember");
        LearnerRequests.Ok(transferred);
        Assert.Equal(2, await Sees(j.SchoolAdmin("G-1")));
        Assert.Equal(0, await Sees(j.SchoolAdmin("P-1")));
    }

    [Fact]
    public async Task a_teacher_sees_and_records_exactly_the_sections_they_are_assigned_the_moment_assignments_change()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var a = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, section: "A", first: "Arta", sex: "FEMALE"));
        var b = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, section: "A", first: "Besnik"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, section: "B", first: "Çlirim"));
        var teacher = await host.TeacherOfAsync(j, "P-1", school);

        async Task<int> Learners() => (await host.DataAsync(teacher, "{ learners { totalCount } }"))["learners"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(0, await Learners());
        Assert.Empty((await host.DataAsync(teacher, Roster, new { s = school }))["classRoster"]!.AsArray());
        var before = await host.RecordAttendanceAsync(teacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"));
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(before).Code);

        var assignment = await host.AssignAsync(j.SchoolAdmin("P-1"), teacher.Subject, school, 3, "a", homeroom: true);
        Assert.Equal(2, await Learners());
        Assert.Equal(2, (await host.DataAsync(teacher, Roster, new { s = school }))["classRoster"]!.AsArray().Count);
        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, school, "2025-10-01", (a, "PRESENT"), (b, "ABSENT")));
        var figures = await host.StatisticsAsync(teacher, ["SECTION"]);
        Assert.Equal(2, figures["total"]!.GetValue<int>());

        // The same token, the assignment ended: nothing any more.
        LearnerRequests.Ok(await host.MutateAsync(j.SchoolAdmin("P-1"), StaffRequests.EndAssignment,
            new { input = new { staffId = teacher.Subject, assignmentId = assignment } }, "endTeachingAssignment"));
        Assert.Equal(0, await Learners());
        var after = await host.RecordAttendanceAsync(teacher, school, "2025-10-02", (a, "PRESENT"), (b, "ABSENT"));
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(after).Code);

        // A second homeroom teacher for the section is refused while the first holds it.
        var other = await host.TeacherOfAsync(j, "P-1", school);
        await host.AssignAsync(j.Admin, teacher.Subject, school, 3, "A", subject: "Albanian", homeroom: true);
        var second = await host.MutateAsync(j.Admin, StaffRequests.Assign, new
        {
            input = new
            {
                staffId = other.Subject,
                schoolId = school,
                schoolYear = "2025/2026",
                grade = 3,
                section = "A",
                subject = "Art",
                weeklyHours = 2,
                homeroom = true
            },
        }, "assignTeaching");
        Assert.Equal(("RULE_VIOLATED", "homeroom"), LearnerRequests.Error(second));

        // A token whose subject is not a member of staff, or who works at another school, has no sections.
        Assert.Equal(0, (await host.DataAsync(teacher with { SchoolCode = "P-2" }, "{ learners { totalCount } }"))["learners"]!["totalCount"]!
            .GetValue<int>());
    }

    private static object Correction(string staffId, string first, string reason) => new
    {
        input = new
        {
            staffId,
            firstName = first,
            parentName = "Agim",
            lastName = "Çelik",
            birthDate = "1985-05-12",
            sex = "FEMALE",
            teachingLanguages = new[] { "sq" },
            contacts = new { email = "merita.gashi@example.org" },
            reason,
        },
    };
}
